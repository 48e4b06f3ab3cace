package io.netverify.onnx;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad models get one clear ModelException naming the file, the node or value, and the problem. */
class OnnxImportErrorsTest {
    private static OnnxModelBuilder mlp(Tensor w) {
        return new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 2)
            .initializer("w", w, DataType.FLOAT)
            .node("MatMul", List.of("x", "w"), List.of("h"))
            .node("Relu", List.of("h"), List.of("y"))
            .output("y", DataType.FLOAT, OnnxModelBuilder.BATCH, 2);
    }

    private static Tensor weights(double... v) {
        return Tensor.of(Shape.of(2, 2), v);
    }

    private static ModelException failure(byte[] bytes) {
        return assertThrows(ModelException.class, () -> OnnxModel.parse(bytes, "m.onnx").toGraph());
    }

    private static void assertOneLine(ModelException e, String... fragments) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("m.onnx"), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' missing in: " + e.getMessage());
        }
    }

    @Test
    void truncatedModel() {
        byte[] good = mlp(weights(1, 2, 3, 4)).build();
        assertOneLine(failure(Arrays.copyOf(good, good.length / 2)), "not a valid ONNX model");
    }

    @Test
    void garbageBytes() {
        byte[] junk = new byte[300];
        new java.util.Random(1).nextBytes(junk);
        assertOneLine(failure(junk), "not a valid ONNX model");
        assertOneLine(failure(new byte[0]), "not a valid ONNX model");
    }

    @Test
    void unsupportedOperatorNamesNodeAndOpset() {
        byte[] m = new OnnxModelBuilder().opset(15)
            .input("x", DataType.FLOAT, 1, 4)
            .node("Hardmax", List.of("x"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 4).build();
        ModelException e = failure(m);
        assertOneLine(e, "unsupported operator", "Hardmax", "Hardmax_0", "opset 15");
        assertEquals(List.of("Hardmax (node 'Hardmax_0', opset 15)"), OnnxModel.parse(m, "m.onnx").unsupportedOperators());
    }

    @Test
    void nanAndInfiniteWeights() {
        assertOneLine(failure(mlp(weights(1, Double.NaN, 3, 4)).build()), "initializer 'w'", "NaN", "finite");
        assertOneLine(failure(mlp(weights(1, 2, Double.POSITIVE_INFINITY, 4)).build()), "initializer 'w'", "Infinity");
    }

    @Test
    void unresolvableDynamicShape() {
        byte[] m = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, OnnxModelBuilder.BATCH)
            .node("Relu", List.of("x"), List.of("y"))
            .output("y", DataType.FLOAT, 1, OnnxModelBuilder.BATCH).build();
        assertOneLine(failure(m), "input 'x'", "dimension 1", "symbolic", "cannot be resolved");
    }

    @Test
    void symbolicBatchDimensionBecomesOne() {
        Graph g = OnnxModel.parse(mlp(weights(1, 2, 3, 4)).build(), "m.onnx").toGraph();
        assertEquals(Shape.of(1, 2), g.inputs().get(0).shape());
    }

    @Test
    void shapeMismatchNamesNode() {
        byte[] m = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 3)
            .initializer("w", weights(1, 2, 3, 4), DataType.FLOAT)
            .node("MatMul", List.of("x", "w"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build();
        assertOneLine(failure(m), "MatMul", "MatMul_0");
    }

    @Test
    void undefinedValueNamesNode() {
        byte[] m = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .node("Add", List.of("x", "ghost"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build();
        assertOneLine(failure(m), "Add_0", "'ghost'");
    }

    @Test
    void absurdShapeIsRejected() {
        byte[] m = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("shape", Tensor.ints(100000, 100000, 100), DataType.INT64)
            .node("ConstantOfShape", List.of("shape"), List.of("big"))
            .node("Add", List.of("x", "big"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build();
        assertOneLine(failure(m), "ConstantOfShape");
    }

    @Test
    void missingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        ModelException e = assertThrows(ModelException.class, () -> OnnxModel.read(dir.resolve("none.onnx")));
        assertTrue(e.getMessage().contains("none.onnx") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void truncatedFileOnDiskNamesThePath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] good = mlp(weights(1, 2, 3, 4)).build();
        Path f = dir.resolve("cut.onnx");
        Files.write(f, Arrays.copyOf(good, good.length - 7));
        ModelException e = assertThrows(ModelException.class, () -> OnnxModel.read(f).toGraph());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void evaluatorRejectsWrongInputSize() {
        Graph g = OnnxModel.parse(mlp(weights(1, 2, 3, 4)).build(), "m.onnx").toGraph();
        Evaluator ev = new Evaluator(g);
        assertThrows(IllegalArgumentException.class, () -> ev.evaluate(new double[3]));
        assertEquals(2, ev.run(Map.of("x", Tensor.of(Shape.of(1, 2), 1, 1))).get("y").size());
    }
}
