package io.netverify.bounds;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounds near the top of the double range (found by the random-graph fuzzer, benchmarks'
 * {@code FuzzRunner}): an infinite bound times a zero coefficient, or infinities of both signs,
 * must give an infinite (uninformative) bound, never NaN, and must not spoil the other rows.
 */
class NonFiniteBoundsTest {
    /**
     * y = relu(W x) with W = [[1e300, 1e300], [0, 1]] over x in [0, 1e300]^2: y0's interval is
     * [0, infinity]; the identity row of y1 has coefficient 0 on y0, and 0 * infinity was NaN.
     */
    @Test
    void zeroCoefficientOnAnInfiniteIntervalIsNotNaN() {
        RandomGraphs r = new RandomGraphs(0);
        String h = r.node("Linear", "x", r.constant(Tensor.of(Shape.of(2, 2), 1e300, 1e300, 0, 1)));
        String y = r.node("Relu", h);
        Graph g = r.build(Shape.of(1, 2), y);
        Interval box = new Interval(new double[] {0, 0}, new double[] {1e300, 1e300});
        for (BoundMethod m : BoundMethod.values()) {
            Bounds b = BoundPropagator.of(g).method(m).compute(box);
            assertEquals(Double.POSITIVE_INFINITY, b.upper()[0], m + " upper bound of y0");
            // y1 = x1 in [0, 1e300]: finite bounds around it (widened by the rounding allowance)
            assertTrue(b.lower()[1] <= 0 && b.lower()[1] > -1e290, m + " lower bound of y1: " + b.lower()[1]);
            assertTrue(b.upper()[1] >= 1e300 && b.upper()[1] < 1.1e300, m + " upper bound of y1: " + b.upper()[1]);
        }
    }

    /**
     * y = -(x * x) + 1 for x near 1e177: x * x overflows, its interval was [inf, inf], and the
     * affine map with its rounding allowance made it inf - inf = NaN. The exact value (about
     * -1e354) is below every double: the bounds must say so, not NaN.
     */
    @Test
    void overflowedProductGivesInfiniteNotNaNBounds() {
        RandomGraphs r = new RandomGraphs(0);
        String sq = r.node("Mul", "x", "x");
        String y = r.node("Affine", sq, r.constant(Tensor.of(Shape.of(1), -1)), r.constant(Tensor.of(Shape.of(1), 1)));
        Graph g = r.build(Shape.of(1, 1), y);
        Interval box = new Interval(new double[] {0.999e177}, new double[] {1.001e177});
        for (BoundMethod m : BoundMethod.values()) {
            Bounds b = BoundPropagator.of(g).method(m).compute(box);
            assertFalse(Double.isNaN(b.lower()[0]) || Double.isNaN(b.upper()[0]), m + " bounds are NaN");
            assertEquals(Double.NEGATIVE_INFINITY, b.lower()[0], m + " lower bound");
        }
    }
}
