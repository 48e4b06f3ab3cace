package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;

import java.util.List;

class MatMulRelaxationTest {
    private static RelaxationHarness matmul(long seed, Input x, Input y) {
        return RelaxationHarness.of(seed, "MatMul", Attributes.EMPTY, x, y);
    }

    @Test
    void soundForMatrices() {
        matmul(1, Input.computed(ANY, 2, 3), Input.computed(ANY, 3, 4)).check(10, 1000);
    }

    @Test
    void soundForBroadcastBatches() {
        // attention-like: [heads, m, k] x [k, n], and batch dims broadcasting on both sides
        matmul(2, Input.computed(ANY, 2, 3, 2), Input.computed(ANY, 2, 3)).check(5, 1000);
        matmul(3, Input.computed(ANY, 2, 1, 2, 3), Input.computed(ANY, 3, 3, 2)).check(5, 1000);
    }

    @Test
    void soundForVectorOperands() {
        matmul(4, Input.computed(ANY, 3), Input.computed(ANY, 3, 2)).check(5, 1000);
        matmul(5, Input.computed(ANY, 2, 3), Input.computed(ANY, 3)).check(5, 1000);
    }

    @Test
    void constantOperandIsExact() {
        Tensor w = Tensor.of(Shape.of(2, 3), 1, -2, 0.5, 0, 3, -1);
        double gap = matmul(6, Input.constant(w), Input.computed(ANY, 2, 3, 4)).check(5, 1000);
        assertTrue(gap < 1e-12, "gap " + gap);
    }

    @Test
    void alphaGradientMatchesFiniteDifferences() {
        matmul(7, Input.computed(ANY, 2, 2, 3), Input.computed(ANY, 2, 3, 2)).checkGradient(20);
    }

    /**
     * IBP's sum of the terms' extremes: x1 y1 overflows to +inf and x2 y2 to -inf, so the float64
     * sum is NaN at both ends; the only sound bounds of the exact value (between -3e400 and 3e400)
     * are the infinities. The harness found this with every interval kind (seed 1000 of
     * {@link ExtremeIntervalsTest#productsOfEveryKind}).
     */
    @Test
    void overflowingTermsOfBothSignsBoundNothing() {
        Interval out = ibp(new Interval(new double[] {1e200, 1e200}, new double[] {2e200, 2e200}),
            new Interval(new double[] {1e200, -2e200}, new double[] {2e200, -1e200}));
        assertEquals(Double.NEGATIVE_INFINITY, out.lower()[0]);
        assertEquals(Double.POSITIVE_INFINITY, out.upper()[0]);
    }

    /** 1 + 2^-53 + 2^-53 rounds to 1 left to right; the exact 1 + 2^-52 must stay inside IBP's bounds. */
    @Test
    void intervalAllowsForTheSumsRounding() {
        double t = 0x1p-53;
        Interval out = ibp(Interval.of(Tensor.of(Shape.of(1, 3), 1, t, t)), Interval.of(Tensor.of(Shape.of(3, 1), 1, 1, 1)));
        assertTrue(out.lower()[0] <= 1 && out.upper()[0] >= 1 + 0x1p-52, out.lower()[0] + ".." + out.upper()[0]);
    }

    private static Interval ibp(Interval x, Interval y) {
        Graph g = OpCheck.graph("MatMul", Attributes.EMPTY, Shape.of(1, x.size()), Shape.of(y.size(), 1));
        return new MatMulRelaxation().interval(g.nodes().get(0), List.of(x, y), g).get(0);
    }
}
