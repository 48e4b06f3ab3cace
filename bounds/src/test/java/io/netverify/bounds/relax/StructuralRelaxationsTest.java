package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructuralRelaxationsTest {

    private static Tensor floats(Shape s, double... v) {
        return Tensor.of(s, v);
    }

    @Test
    void reshapingOperators() {
        OpCheck.check(OpCheck.graph("Flatten", Attributes.of("axis", 2L), Shape.of(2, 3, 4)), 1);
        OpCheck.check(OpCheck.graph("Flatten", Attributes.EMPTY, Shape.of(2, 3, 4)), 2);
        OpCheck.check(OpCheck.graph("Reshape", Attributes.EMPTY, Shape.of(2, 3, 4), Tensor.ints(4, -1)), 3);
        OpCheck.check(OpCheck.graph("Squeeze", Attributes.EMPTY, Shape.of(1, 3, 1, 2), Tensor.ints(0, -2)), 4);
        OpCheck.check(OpCheck.graph("Unsqueeze", Attributes.EMPTY, Shape.of(3, 2), Tensor.ints(0, 3)), 5);
        OpCheck.check(OpCheck.graph("Identity", Attributes.EMPTY, Shape.of(5)), 6);
    }

    @Test
    void transposeSliceGather() {
        OpCheck.check(OpCheck.graph("Transpose", Attributes.of("perm", new long[] {2, 0, 1}), Shape.of(2, 3, 4)), 10);
        OpCheck.check(OpCheck.graph("Slice", Attributes.EMPTY, Shape.of(4, 6), Tensor.ints(1, 0), Tensor.ints(4, 6),
            Tensor.ints(0, 1), Tensor.ints(1, 2)), 11);
        OpCheck.check(OpCheck.graph("Slice", Attributes.EMPTY, Shape.of(4, 6), Tensor.ints(-1), Tensor.ints(-100),
            Tensor.ints(1), Tensor.ints(-2)), 12);
        Tensor indices = new Tensor(DataType.INT64, Shape.of(2, 2), new double[] {0, 2, 2, -1});
        OpCheck.check(OpCheck.graph("Gather", Attributes.of("axis", 1L), Shape.of(2, 3), indices), 13);
    }

    @Test
    void splitHasSeveralOutputs() {
        OpCheck.check(OpCheck.graphWithOutputs("Split", Attributes.of("axis", 1L), 2, Shape.of(2, 3, 2), Tensor.ints(1, 2)), 20);
        OpCheck.check(OpCheck.graphWithOutputs("Split", Attributes.of("axis", 0L), 3, Shape.of(6)), 21);
    }

    @Test
    void concatWithConstantsPutsThemInTheBias() {
        Tensor token = floats(Shape.of(1, 1, 3), 0.5, -2, 7);
        Graph g = OpCheck.graph("Concat", Attributes.of("axis", 1L), Shape.of(1, 2, 3), token, Shape.of(1, 2, 3));
        OpCheck.check(g, 30);
        // the class token's value is the bias of a row that reads it
        BackwardStep step = step(g, new double[] {0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Relaxations.find("Concat").orElseThrow().backward(g.nodes().get(0), step);
        assertEquals(0.5 - 4 + 21, step.bias()[0], 0);
    }

    @Test
    void padModes() {
        Tensor pads = Tensor.ints(0, 1, 2, 1, 0, 1);
        OpCheck.check(OpCheck.graph("Pad", Attributes.EMPTY, Shape.of(2, 3, 2), pads, Tensor.scalar(0.75)), 40);
        OpCheck.check(OpCheck.graph("Pad", Attributes.of("mode", "edge"), Shape.of(2, 3, 2), pads), 41);
        OpCheck.check(OpCheck.graph("Pad", Attributes.of("mode", "reflect"), Shape.of(2, 3, 3), Tensor.ints(0, 2, 1, 0, 1, 2)), 42);
        OpCheck.check(OpCheck.graph("Pad", Attributes.of("mode", "wrap"), Shape.of(3, 3), Tensor.ints(1, -1, 2, 1)), 43);
    }

    @Test
    void duplicatingOperators() {
        OpCheck.check(OpCheck.graph("Expand", Attributes.EMPTY, Shape.of(3, 1), Tensor.ints(2, 3, 4)), 50);
        OpCheck.check(OpCheck.graph("Tile", Attributes.EMPTY, Shape.of(2, 3), Tensor.ints(2, 2)), 51);
    }

    @Test
    void whereWithConstantCondition() {
        Tensor cond = new Tensor(DataType.BOOL, Shape.of(2, 3), new double[] {1, 0, 0, 1, 1, 0});
        OpCheck.check(OpCheck.graph("Where", Attributes.EMPTY, cond, Shape.of(2, 3), Shape.of(3)), 60);
        OpCheck.check(OpCheck.graph("Where", Attributes.EMPTY, cond, floats(Shape.of(1), -4), Shape.of(2, 1)), 61);
        Graph variable = OpCheck.graph("Where", Attributes.EMPTY, Shape.of(2, 3), Shape.of(2, 3), Shape.of(2, 3));
        NoRelaxationException e = assertThrows(NoRelaxationException.class,
            () -> OpCheck.check(variable, 62));
        assertTrue(e.getMessage().contains("must be a constant"), e.getMessage());
    }

    @Test
    void dropoutMaskIsConstant() {
        OpCheck.check(OpCheck.graphWithOutputs("Dropout", Attributes.EMPTY, 2, Shape.of(2, 3)), 70);
        Graph g = OpCheck.graphWithOutputs("Dropout", Attributes.EMPTY, 2, Shape.of(2, 3));
        var out = Relaxations.find("Dropout").orElseThrow().interval(g.nodes().get(0),
            List.of(new io.netverify.bounds.Interval(new double[6], new double[6])), g);
        assertEquals(1.0, out.get(1).lower()[3], 0);
        assertEquals(1.0, out.get(1).upper()[3], 0);
    }

    @Test
    void nonCopyingOutputsAreRejected() {
        Graph g = OpCheck.graph("Identity", Attributes.EMPTY, Shape.of(2));
        var node = new io.netverify.onnx.Node("n", "Neg", g.nodes().get(0).inputs(), g.nodes().get(0).outputs(),
            Attributes.EMPTY);
        NoRelaxationException e = assertThrows(NoRelaxationException.class,
            () -> CopyMap.of(node, g, i -> true));
        assertTrue(e.getMessage().contains("not a copy"), e.getMessage());
    }

    private static BackwardStep step(Graph g, double[] a) {
        int rows = 1;
        Map<String, double[]> acc = new java.util.HashMap<>();
        return new BackwardStep(g, g.nodes().get(0), rows, new double[][] {a}, v -> null,
            v -> acc.computeIfAbsent(v, k -> new double[rows * g.shape(k).size()]), new double[rows], null);
    }
}
