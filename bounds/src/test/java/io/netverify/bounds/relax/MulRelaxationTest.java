package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NARROW;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.POINT;
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
}
