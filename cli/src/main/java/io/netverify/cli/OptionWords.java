package io.netverify.cli;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.EnumWords;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.Lipschitz;

import java.util.Locale;

/**
 * The bound methods and norms named by options: their words ({@link EnumWords}) in any case, with
 * '_' for '-', and the aliases alphacrown and inf (for linf).
 */
final class OptionWords {
    private OptionWords() {
    }

    /** --method of {@code verify bounds}. */
    static BoundMethod boundMethod(String s) {
        return named(BoundMethod.class, s, "--method must be ibp, crown or alpha-crown");
    }

    /** --method of the Lipschitz commands (bab is the caller's). */
    static Lipschitz.Method lipschitzMethod(String s) {
        return named(Lipschitz.Method.class, s, "--method must be naive, ibp, crown, alpha-crown or bab");
    }

    /** --norm of the Lipschitz commands. */
    static InputNorm norm(String s) {
        return named(InputNorm.class, s, "--norm must be linf, l1 or l2");
    }

    private static <E extends Enum<E>> E named(Class<E> type, String s, String expected) {
        String word = s.toLowerCase(Locale.ROOT).replace('_', '-');
        E e = EnumWords.named(type, switch (word) {
            case "alphacrown" -> "alpha-crown";
            case "inf" -> "linf";
            default -> word;
        });
        if (e == null) {
            throw new UsageException(expected + ", got '" + s + "'");
        }
        return e;
    }
}
