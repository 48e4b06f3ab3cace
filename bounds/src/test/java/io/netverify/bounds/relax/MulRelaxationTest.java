package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.bounds.Interval;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NARROW;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.POINT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MulRelaxationTest {
    private static RelaxationHarness mul(long seed, Input x, Input y) {
        return RelaxationHarness.of(seed, "Mul", Attributes.EMPTY, x, y);
    }

    @Test
    void soundOnEqualShapes() {
        mul(1, Input.computed(ANY, 2, 3), Input.computed(ANY, 2, 3)).check(10, 1000);
    }

    @Test
    void soundWithBroadcastingOnBothSides() {
        mul(2, Input.computed(ANY, 2, 1, 3), Input.computed(ANY, 4, 1)).check(10, 1000);
        mul(3, Input.computed(ANY, 1), Input.computed(ANY, 2, 3)).check(5, 1000);
    }

    @Test
    void constantFactorThatBroadcastsXUpIsExact() {
        Tensor c = Tensor.of(Shape.of(2, 3), 0.5, -2, 0, 3, 1e-3, -0.25);
        double gap = mul(4, Input.computed(ANY, 3), Input.constant(c)).check(5, 1000);
        assertTrue(gap < 1e-12, "gap " + gap);
        gap = mul(5, Input.constant(c), Input.computed(ANY, 2, 1)).check(5, 1000);
        assertTrue(gap < 1e-12, "gap " + gap);
    }

    @Test
    void pointIntervalsAreExactAndNarrowOnesNearlySo() {
        RelaxationHarness.Kind[] point = {POINT};
        double gap = mul(6, Input.computed(point, 4), Input.computed(ANY, 4)).check(5, 500);
        assertTrue(gap < 1e-12, "gap " + gap);
        RelaxationHarness.Kind[] narrow = {NARROW};
        gap = mul(7, Input.computed(narrow, 4), Input.computed(narrow, 4)).check(5, 500);
        assertTrue(gap < 1e-5, "gap " + gap);
    }

    @Test
    void alphaGradientMatchesFiniteDifferences() {
        mul(8, Input.computed(ANY, 2, 3), Input.computed(ANY, 3)).checkGradient(20);
    }

    /**
     * IBP holds the real product of its end points, which float64's rounds by up to half an ulp
     * either way (0.1 * 0.1 rounds up, 0.1 * 0.7 down); an exact product (by a power of two) stays as
     * it is, and a zero factor times an unbounded one is 0, not NaN.
     */
    @Test
    void intervalHoldsTheRealProduct() {
        RelaxationHarness h = mul(9, Input.computed(ANY, 4), Input.computed(ANY, 4));
        double[] x = {0.1, 0.1, 1e-160, 1e200};
        double[] y = {0.1, 0.7, 3e-160, -3.3e107};
        Interval out = h.relaxation().interval(h.node(), List.of(new Interval(x, x), new Interval(y, y)), h.graph()).get(0);
        for (int j = 0; j < x.length; j++) {
            BigDecimal real = new BigDecimal(x[j]).multiply(new BigDecimal(y[j]));
            assertTrue(new BigDecimal(out.lower()[j]).compareTo(real) <= 0, "lower " + out.lower()[j] + " above " + real);
            assertTrue(real.compareTo(new BigDecimal(out.upper()[j])) <= 0, "upper " + out.upper()[j] + " below " + real);
        }
        Interval exact = h.relaxation().interval(h.node(), List.of(new Interval(new double[] {0, 0.75, -3, 1e300}, new double[] {0, 1.5, 2, 1e300}),
            new Interval(new double[] {Double.NEGATIVE_INFINITY, 0.5, 4, 1e10}, new double[] {Double.POSITIVE_INFINITY, 2, 4, 1e10})), h.graph()).get(0);
        assertArrayEquals(new double[] {0, 0.375, -12, Double.MAX_VALUE}, exact.lower());
        assertArrayEquals(new double[] {0, 3, 8, Double.POSITIVE_INFINITY}, exact.upper());
    }
}
