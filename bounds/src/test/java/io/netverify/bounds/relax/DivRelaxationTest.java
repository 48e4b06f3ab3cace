package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NARROW;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NARROW_POSITIVE;
import static io.netverify.bounds.relax.RelaxationHarness.SIGNED;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DivRelaxationTest {
    private static RelaxationHarness div(long seed, Input x, Input y) {
        return RelaxationHarness.of(seed, "Div", Attributes.EMPTY, x, y);
    }

    @Test
    void soundForDivisorsOfEitherSign() {
        div(1, Input.computed(ANY, 2, 3), Input.computed(SIGNED, 2, 3)).check(10, 1000);
    }

    @Test
    void soundWithBroadcastDivisorAndConstantDividend() {
        div(2, Input.computed(ANY, 2, 3), Input.computed(SIGNED, 3)).check(10, 1000);
        Tensor c = Tensor.of(Shape.of(2, 1), 1, -0.5);
        div(3, Input.constant(c), Input.computed(SIGNED, 3)).check(5, 1000);
    }

    @Test
    void constantDivisorIsExact() {
        Tensor c = Tensor.of(Shape.of(3), 4, -0.5, 1e-3);
        double gap = div(4, Input.computed(ANY, 2, 3), Input.constant(c)).check(5, 1000);
        assertTrue(gap < 1e-12, "gap " + gap);
    }

    @Test
    void narrowBoxesGiveSmallGaps() {
        RelaxationHarness.Kind[] narrow = {NARROW};
        RelaxationHarness.Kind[] narrowPositive = {NARROW_POSITIVE};
        double gap = div(5, Input.computed(narrow, 4), Input.computed(narrowPositive, 4)).check(3, 300);
        assertTrue(gap < 1e-4, "gap " + gap);
    }

    @Test
    void divisorThatMayBeZeroIsAClearError() {
        RelaxationHarness.Kind[] mixed = {RelaxationHarness.Kind.MIXED};
        RelaxationHarness h = div(7, Input.computed(ANY, 3), Input.computed(mixed, 3));
        NoRelaxationException e = assertThrows(NoRelaxationException.class, () -> h.check(1, 1));
        assertTrue(e.getMessage().contains("Div node 'n_Div'") && e.getMessage().contains("fixed sign"), e.getMessage());
    }

    @Test
    void alphaGradientMatchesFiniteDifferences() {
        div(8, Input.computed(ANY, 2, 3), Input.computed(SIGNED, 2, 3)).checkGradient(30);
    }
}
