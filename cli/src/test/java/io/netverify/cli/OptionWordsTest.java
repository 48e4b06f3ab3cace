package io.netverify.cli;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.EnumWords;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.Lipschitz;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The spellings options accept for bound methods and norms, and the exact words configuration files need. */
class OptionWordsTest {
    @Test
    void optionsAcceptAnyCaseUnderscoresAndTheAliases() {
        for (String s : new String[] {"alpha-crown", "alpha_crown", "alphacrown", "Alpha-CROWN", "ALPHA_CROWN"}) {
            assertEquals(BoundMethod.ALPHA_CROWN, OptionWords.boundMethod(s), s);
            assertEquals(Lipschitz.Method.ALPHA_CROWN, OptionWords.lipschitzMethod(s), s);
        }
        assertEquals(BoundMethod.IBP, OptionWords.boundMethod("IBP"));
        assertEquals(Lipschitz.Method.NAIVE, OptionWords.lipschitzMethod("naive"));
        assertEquals(InputNorm.LINF, OptionWords.norm("inf"));
        assertEquals(InputNorm.LINF, OptionWords.norm("LINF"));
        assertEquals(InputNorm.L2, OptionWords.norm("l2"));

        assertEquals("--method must be ibp, crown or alpha-crown, got 'naive'",
            assertThrows(UsageException.class, () -> OptionWords.boundMethod("naive")).getMessage());
        assertEquals("--method must be naive, ibp, crown, alpha-crown or bab, got 'alpha crown'",
            assertThrows(UsageException.class, () -> OptionWords.lipschitzMethod("alpha crown")).getMessage());
        assertEquals("--norm must be linf, l1 or l2, got 'l3'",
            assertThrows(UsageException.class, () -> OptionWords.norm("l3")).getMessage());
    }

    @Test
    void wordsAreExact() {
        assertEquals("alpha-crown", EnumWords.word(BoundMethod.ALPHA_CROWN));
        assertEquals("linf", EnumWords.word(InputNorm.LINF));
        assertEquals(Lipschitz.Method.CROWN, EnumWords.named(Lipschitz.Method.class, "crown"));
        // configuration files take the words as they are
        assertNull(EnumWords.named(Lipschitz.Method.class, "CROWN"));
        assertNull(EnumWords.named(Lipschitz.Method.class, "alpha_crown"));
        assertNull(EnumWords.named(InputNorm.class, "inf"));
    }
}
