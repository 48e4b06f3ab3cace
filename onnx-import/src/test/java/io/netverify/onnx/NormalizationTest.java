package io.netverify.onnx;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export-style variations of the same operators: the normalised graph must compute what onnxruntime
 * computes on the original model, and normalisation must actually have happened.
 */
class NormalizationTest {
    private final Random rnd = new Random(42);

    private Tensor random(int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * 0.5;
        }
        return Tensor.of(s, d);
    }

    private Tensor positive(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.5 + rnd.nextDouble();
        }
        return Tensor.of(Shape.of(n), d);
    }

    /** Loads the model, checks raw and normalised evaluation against onnxruntime; returns the normalised graph. */
    private Graph checkAgainstRuntime(byte[] model) {
        OnnxModel m = OnnxModel.parse(model, "variation.onnx");
        Graph raw = m.toRawGraph();
        Graph norm = m.toGraph();
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            for (int k = 0; k < 20; k++) {
                double[] x = new double[ort.inputSize()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextDouble() * 2 - 1;
                }
                double[] expected = ort.evaluate(x);
                assertClose(expected, new Evaluator(raw).evaluate(x));
                assertClose(expected, new Evaluator(norm).evaluate(x));
            }
        }
        return norm;
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.abs(expected[i])),
                "output " + i + ": runtime " + expected[i] + " vs ours " + actual[i]);
        }
    }

    private static long count(Graph g, String op) {
        return g.nodes().stream().filter(n -> n.opType().equals(op)).count();
    }

    @Test
    void normalisedMlpWithGemmMatMulBatchNormAndConstants() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset(11)
            .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 1, 2, 3)
            .initializer("mean", Tensor.of(Shape.of(1, 1, 1, 1), 0.1), DataType.FLOAT)
            .constantNode("std", Tensor.scalar(0.3), DataType.FLOAT)
            .initializer("w1", random(5, 6), DataType.FLOAT)
            .initializer("b1", random(5), DataType.FLOAT)
            .initializer("g", positive(5), DataType.FLOAT)
            .initializer("be", random(5), DataType.FLOAT)
            .initializer("mu", random(5), DataType.FLOAT)
            .initializer("var", positive(5), DataType.FLOAT)
            .initializer("w2", random(5, 4), DataType.FLOAT)
            .initializer("b2", random(4), DataType.FLOAT)
            .node("Sub", List.of("x", "mean"), List.of("c"))
            .node("Div", List.of("c", "std"), List.of("n"))
            .node("Flatten", List.of("n"), List.of("f"), Map.of("axis", 1L))
            .node("Gemm", List.of("f", "w1", "b1"), List.of("h"), Map.of("transB", 1L, "alpha", 0.5, "beta", 2.0))
            .node("BatchNormalization", List.of("h", "g", "be", "mu", "var"), List.of("bn"), Map.of("epsilon", 1e-3))
            .node("Relu", List.of("bn"), List.of("r"))
            .node("Dropout", List.of("r"), List.of("d"))
            .node("MatMul", List.of("d", "w2"), List.of("m"))
            .node("Add", List.of("m", "b2"), List.of("y"))
            .output("y", DataType.FLOAT, OnnxModelBuilder.BATCH, 4);
        Graph g = checkAgainstRuntime(b.build());
        assertEquals(List.of("View", "Linear", "Relu", "Linear"), g.nodes().stream().map(Node::opType).toList(),
            "normalised to views, linear layers and the activation");
    }

    @Test
    void convBatchNormIsFoldedPerChannel() {
        OnnxModelBuilder b = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2, 5, 5)
            .initializer("w", random(3, 2, 3, 3), DataType.FLOAT)
            .initializer("g", positive(3), DataType.FLOAT)
            .initializer("be", random(3), DataType.FLOAT)
            .initializer("mu", random(3), DataType.FLOAT)
            .initializer("var", positive(3), DataType.FLOAT)
            .initializer("shape", Tensor.ints(1, -1), DataType.INT64)
            .node("Conv", List.of("x", "w"), List.of("c"), Map.of("pads", new long[] {1, 1, 1, 1}))
            .node("BatchNormalization", List.of("c", "g", "be", "mu", "var"), List.of("bn"))
            .node("Relu", List.of("bn"), List.of("r"))
            .node("Reshape", List.of("r", "shape"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 75);
        Graph g = checkAgainstRuntime(b.build());
        assertEquals(List.of("Conv", "Relu", "View"), g.nodes().stream().map(Node::opType).toList());
    }

    @Test
    void erfGeluSubgraphBecomesOneNode() {
        // x * 0.5 * (1 + erf(x / sqrt 2)), as torch.onnx exports nn.GELU()
        Graph g = checkAgainstRuntime(PassModels.geluErf().bytes());
        assertEquals(List.of("Gelu"), g.nodes().stream().map(Node::opType).toList());
        assertEquals("none", g.nodes().get(0).attributes().getString("approximate", ""));
    }

    @Test
    void tanhGeluSubgraphBecomesOneNode() {
        // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), with the half applied to x first
        Graph g = checkAgainstRuntime(PassModels.geluTanh().bytes());
        assertEquals(List.of("Gelu"), g.nodes().stream().map(Node::opType).toList());
        assertEquals("tanh", g.nodes().get(0).attributes().getString("approximate", ""));
    }

    @Test
    void notAGeluIsLeftAlone() {
        // x * (1 + erf(x / sqrt 2)) without the half: must stay as it is
        Graph g = checkAgainstRuntime(PassModels.erfSubgraph(1, 0));
        assertEquals(0, count(g, "Gelu"));
    }

    @Test
    void constantNodesAndInitializersGiveTheSameGraph() {
        Tensor w = random(3, 4);
        Tensor bias = random(3);
        byte[] asInit = new OnnxModelBuilder().opset(9)
            .input("x", DataType.FLOAT, 1, 4)
            .initializer("w", w, DataType.FLOAT).initializer("b", bias, DataType.FLOAT)
            .node("Gemm", List.of("x", "w", "b"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, 1, 3).build();
        byte[] asConst = new OnnxModelBuilder().opset(17)
            .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 4)
            .constantNode("w", w, DataType.FLOAT).constantNode("b", bias, DataType.FLOAT)
            .tensorEncoding(TensorEncoding.TYPED_FIELDS)
            .node("Gemm", List.of("x", "w", "b"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, OnnxModelBuilder.BATCH, 3).build();
        Graph g1 = checkAgainstRuntime(asInit);
        Graph g2 = checkAgainstRuntime(asConst);
        assertEquals(List.of("Linear"), g1.nodes().stream().map(Node::opType).toList());
        assertEquals(List.of("Linear"), g2.nodes().stream().map(Node::opType).toList());
        double[] x = {0.3, -0.2, 0.9, 0.1};
        assertEquals(new Evaluator(g1).evaluate(x)[2], new Evaluator(g2).evaluate(x)[2], 0);
    }

    @Test
    void shapeComputationsAreFolded() {
        // Shape -> Gather -> Unsqueeze -> Concat -> Reshape, as PyTorch exports x.view(x.size(0), -1)
        OnnxModelBuilder b = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 2, 3)
            .initializer("zero", Tensor.ints(0), DataType.INT64)
            .initializer("minus1", Tensor.ints(-1), DataType.INT64)
            .node("Shape", List.of("x"), List.of("s"))
            .node("Gather", List.of("s", "zero"), List.of("n"), Map.of("axis", 0L))
            .node("Concat", List.of("n", "minus1"), List.of("shape"), Map.of("axis", 0L))
            .node("Reshape", List.of("x", "shape"), List.of("v"))
            .node("Relu", List.of("v"), List.of("y"))
            .output("y", DataType.FLOAT, OnnxModelBuilder.BATCH, 6);
        Graph g = checkAgainstRuntime(b.build());
        assertEquals(List.of("View", "Relu"), g.nodes().stream().map(Node::opType).toList());
        assertEquals(Shape.of(1, 6), g.shape("y"));
    }
}
