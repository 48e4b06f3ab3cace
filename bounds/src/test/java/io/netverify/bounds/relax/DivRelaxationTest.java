package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.bounds.Interval;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NARROW;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NARROW_POSITIVE;
import static io.netverify.bounds.relax.RelaxationHarness.SIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * IBP holds the real quotient of its end points, which float64's rounds by up to half an ulp
     * (1 / 3 down, 2 / 3 up); an exact quotient (by a power of two) stays as it is, and one beyond
     * float64's range is at least the largest double, not +inf.
     */
    @Test
    void intervalHoldsTheRealQuotient() {
        RelaxationHarness h = div(9, Input.computed(ANY, 4), Input.computed(SIGNED, 4));
        double[] x = {1, 2, -1e-300, 0.7};
        double[] y = {3, 3, 7e-10, -0.3};
        Interval out = h.relaxation().interval(h.node(), List.of(new Interval(x, x), new Interval(y, y)), h.graph()).get(0);
        for (int j = 0; j < x.length; j++) {
            // not a double, so 34 digits decide every comparison with one
            BigDecimal real = new BigDecimal(x[j]).divide(new BigDecimal(y[j]), MathContext.DECIMAL128);
            assertTrue(new BigDecimal(out.lower()[j]).compareTo(real) < 0, "lower " + out.lower()[j] + " above " + real);
            assertTrue(real.compareTo(new BigDecimal(out.upper()[j])) < 0, "upper " + out.upper()[j] + " below " + real);
        }
        Interval exact = h.relaxation().interval(h.node(), List.of(new Interval(new double[] {3, -1, 1e300, 0}, new double[] {3, 1, 1e300, 5}),
            new Interval(new double[] {4, 0.5, 1e-10, 2}, new double[] {4, 2, 1e-10, Double.POSITIVE_INFINITY})), h.graph()).get(0);
        assertArrayEquals(new double[] {0.75, -2, Double.MAX_VALUE, 0}, exact.lower());
        assertArrayEquals(new double[] {0.75, 2, Double.POSITIVE_INFINITY, 2.5}, exact.upper());
    }
}
