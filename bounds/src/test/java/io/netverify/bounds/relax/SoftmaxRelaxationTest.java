package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.ops.Opset;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NARROW;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftmaxRelaxationTest {
    private static RelaxationHarness softmax(long seed, Attributes attrs, RelaxationHarness.Kind[] kinds, int... dims) {
        return RelaxationHarness.of(seed, "Softmax", attrs, Input.computed(kinds, dims));
    }

    private static Attributes axis(long axis) {
        return new Attributes(Map.of("axis", axis));
    }

    @Test
    void soundAlongTheLastAxis() {
        softmax(1, Attributes.EMPTY, ANY, 2, 5).check(10, 1000);
    }

    @Test
    void soundAlongAMiddleAxis() {
        softmax(2, axis(1), ANY, 2, 3, 2).check(10, 1000);
    }

    @Test
    void soundWithOpset11FlatteningSemantics() {
        softmax(3, new Attributes(Map.of("axis", 1L, Opset.ATTRIBUTE, 11L)), ANY, 2, 2, 3).check(5, 1000);
    }

    @Test
    void soundForHugeInputs() {
        // exponents far beyond exp's range: bounds must stay finite and sound
        softmax(4, Attributes.EMPTY, ANY, 4).scaled(200).check(10, 1000);
    }

    @Test
    void narrowInputsGiveSmallGaps() {
        RelaxationHarness.Kind[] narrow = {NARROW};
        double gap = softmax(5, Attributes.EMPTY, narrow, 6).check(5, 500);
        assertTrue(gap < 1e-4, "gap " + gap);
    }

    @Test
    void singleElementGroupsAreOne() {
        double gap = softmax(6, axis(0), ANY, 1, 3).check(3, 200);
        assertTrue(gap < 1e-12, "gap " + gap);
    }
}
