package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
