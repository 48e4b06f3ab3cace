package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference evaluator computes the function in the file, hand-checked on small models. */
class ReferenceEvaluatorTest {
    private static Enclosure run(OnnxModelBuilder b, double... x) {
        return new ReferenceEvaluator(OnnxModel.parse(b.build(), "test.onnx")).run(x, 0);
    }

    @Test
    void gemmWithCancellingWeightsIsExact() {
        // y = 1e300 * x0 + 1 * x1 - 1e300 * x0: exactly x1 (float64 left to right gives 0 or x1 by luck)
        OnnxModelBuilder b = new OnnxModelBuilder().input("x", DataType.DOUBLE, 1, 3)
            .initializer("w", Tensor.of(Shape.of(3, 1), 1e300, 1, -1e300))
            .node("MatMul", List.of("x", "w"), List.of("y")).output("y", DataType.DOUBLE, 1, 1);
        Enclosure e = run(b, 7, 1e-20, 7);
        assertEquals(1e-20, e.lo()[0]);
        assertEquals(1e-20, e.hi()[0]);
    }

    @Test
    void float32CastRoundsAndOverflows() {
        OnnxModelBuilder b = new OnnxModelBuilder().input("x", DataType.DOUBLE, 1, 2)
            .node("Cast", List.of("x"), List.of("f"), Map.of("to", (long) DataType.FLOAT.onnxCode()))
            .node("Cast", List.of("f"), List.of("y"), Map.of("to", (long) DataType.DOUBLE.onnxCode()))
            .output("y", DataType.DOUBLE, 1, 2);
        Enclosure e = run(b, 0.1, 1e39);
        assertEquals((double) 0.1f, e.lo()[0]);
        assertEquals(Double.POSITIVE_INFINITY, e.lo()[1]);
    }

    @Test
    void halfRoundingMatchesTheFormat() {
        assertEquals(0.0999755859375, Half.round(0.1));
        assertEquals(65504, Half.round(65519));
        assertEquals(Double.POSITIVE_INFINITY, Half.round(65520));
        assertEquals(0x1p-23, Half.round(0x1.8p-24)); // a tie between 1 and 2 subnormal quanta: to even
        assertEquals(0.0, Half.round(0x1p-25)); // a tie between 0 and 1 quantum: to even
        assertEquals((short) 0x3c00, Half.bits(1.0));
        assertEquals((short) 0x0001, Half.bits(0x1p-24));
        assertEquals((short) 0xfbff, Half.bits(-65504));
    }

    @Test
    void transcendentalEnclosuresHoldTheValueAndAreNarrow() {
        OnnxModelBuilder b = new OnnxModelBuilder().input("x", DataType.DOUBLE, 1, 1)
            .node("Exp", List.of("x"), List.of("e")).node("Reciprocal", List.of("e"), List.of("r"))
            .node("Sigmoid", List.of("r"), List.of("y")).output("y", DataType.DOUBLE, 1, 1);
        Enclosure e = run(b, 0.5);
        double v = 1 / (1 + Math.exp(-Math.exp(-0.5)));
        assertTrue(e.lo()[0] <= v && v <= e.hi()[0] && e.hi()[0] - e.lo()[0] < 1e-14, e.lo()[0] + " " + e.hi()[0]);
        // exp(800) overflows in float64: its enclosure is [MAX, inf], 1/exp(800) lies in [0, 1/MAX], the sigmoid just above 1/2
        Enclosure big = run(b, 800);
        assertTrue(big.lo()[0] <= 0.5 && big.hi()[0] >= 0.5 && big.hi()[0] - big.lo()[0] < 1e-15, big.lo()[0] + " " + big.hi()[0]);
    }

    @Test
    void softmaxOfEqualValuesIsExactlyUniform() {
        OnnxModelBuilder b = new OnnxModelBuilder().input("x", DataType.DOUBLE, 1, 4)
            .node("Softmax", List.of("x"), List.of("y"), Map.of("axis", -1L)).output("y", DataType.DOUBLE, 1, 4);
        Enclosure e = run(b, 3, 3, 3, 3);
        for (int i = 0; i < 4; i++) {
            assertEquals(0.25, e.lo()[i]);
            assertEquals(0.25, e.hi()[i]);
        }
    }
}
