package io.netverify.onnx;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxRuntimeOracleTest {
    private static final double THIRD = 1.0 / 3;

    private static byte[] scaleModel(DataType type) {
        return new OnnxModelBuilder()
            .input("x", type, 1, 2)
            .initializer("c", Tensor.of(Shape.of(1), THIRD), type)
            .node("Mul", List.of("x", "c"), List.of("y"))
            .output("y", type, 1, 2)
            .build();
    }

    @Test
    void float64ModelComputesInDouble() {
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(scaleModel(DataType.DOUBLE))) {
            double[] x = {0.1, 7};
            assertArrayEquals(new double[] {0.1 * THIRD, 7 * THIRD}, ort.evaluate(x));
        }
    }

    @Test
    void float32ModelRoundsInputsWeightsAndResultsToFloat() {
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(scaleModel(DataType.FLOAT))) {
            double[] y = ort.evaluate(new double[] {0.1, 7});
            float c = (float) THIRD;
            assertArrayEquals(new double[] {0.1f * c, 7f * c}, y);
            assertNotEquals(0.1 * THIRD, y[0]);
            assertArrayEquals(y, ort.evaluate(new float[] {0.1f, 7f}));
        }
    }

    @Test
    void flatInputIsSplitOverInputsAndOutputsFollowGraphOutputOrder() {
        byte[] model = new OnnxModelBuilder()
            .input("a", DataType.FLOAT, 1, 2)
            .input("b", DataType.FLOAT, 1, 3)
            .node("ReduceSum", List.of("b"), List.of("sum"), Map.of("keepdims", 0L))
            .node("Neg", List.of("a"), List.of("neg"))
            .output("neg", DataType.FLOAT, 1, 2)
            .output("sum", DataType.FLOAT, 1)
            .build();
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            assertEquals(5, ort.inputSize());
            assertArrayEquals(new double[] {-1, -2, 3 + 4 + 5}, ort.evaluate(new double[] {1, 2, 3, 4, 5}));
        }
    }

    @Test
    void int64OutputsAreWidened() {
        byte[] model = new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1, 4)
            .node("ArgMax", List.of("x"), List.of("i"), Map.of("axis", 1L))
            .output("i", DataType.INT64, 1, 1)
            .build();
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            assertArrayEquals(new double[] {2}, ort.evaluate(new double[] {0, -1, 9, 3}));
        }
    }

    @Test
    void wrongInputLengthIsRejected() {
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(scaleModel(DataType.FLOAT))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ort.evaluate(new double[3]));
            assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
        }
    }

    @Test
    void nonFloatInputsAndBrokenModelsAreReportedOnLoad() {
        byte[] intModel = new OnnxModelBuilder()
            .input("i", DataType.INT64, 2)
            .node("Neg", List.of("i"), List.of("y"))
            .output("y", DataType.INT64, 2)
            .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OnnxRuntimeOracle.load(intModel));
        assertTrue(e.getMessage().contains("'i'"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> OnnxRuntimeOracle.load(new byte[] {1, 2, 3}));
    }
}
