package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhereRelaxationTest {
    private static final Tensor CONDITION = new Tensor(DataType.BOOL, Shape.of(2, 1), new double[] {1, 0});

    @Test
    void constantConditionRoutesExactly() {
        double gap = RelaxationHarness.of(1, "Where", Attributes.EMPTY, Input.constant(CONDITION),
            Input.computed(ANY, 3), Input.computed(ANY, 2, 3)).check(5, 1000);
        assertTrue(gap < 1e-12, "gap " + gap);
        gap = RelaxationHarness.of(2, "Where", Attributes.EMPTY, Input.constant(CONDITION),
            Input.computed(ANY, 2, 3), Input.constant(Tensor.of(Shape.of(1), -1e4))).check(5, 1000);
        assertTrue(gap < 1e-12, "gap " + gap);
        assertFalse(RelaxationHarness.of(3, "Where", Attributes.EMPTY, Input.constant(CONDITION),
            Input.computed(ANY, 3), Input.computed(ANY, 3)).relaxation().needsInputBounds());
    }

    @Test
    void computedConditionIsAClearError() {
        RelaxationHarness h = RelaxationHarness.of(4, "Where", Attributes.EMPTY, Input.computed(ANY, 3),
            Input.computed(ANY, 3), Input.computed(ANY, 3));
        NoRelaxationException e = assertThrows(NoRelaxationException.class, () -> h.check(1, 1));
        assertTrue(e.getMessage().contains("Where node 'n_Where'") && e.getMessage().contains("must be a constant"), e.getMessage());
    }
}
