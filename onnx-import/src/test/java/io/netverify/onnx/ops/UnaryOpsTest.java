package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static io.netverify.onnx.ops.OpTesting.assertClose;
import static io.netverify.onnx.ops.OpTesting.attrs;
import static io.netverify.onnx.ops.OpTesting.random;
import static io.netverify.onnx.ops.OpTesting.run;
import static io.netverify.onnx.ops.OpTesting.runAll;
import static io.netverify.onnx.ops.OpTesting.typed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnaryOpsTest {
    /** Reference definitions written from the ONNX operator spec, with the input range to test on. */
    private record Case(String op, double lo, double hi, DoubleUnaryOperator reference) {
    }

    @Test
    void everyUnaryOperatorMatchesItsDefinitionOnRandomTensors() {
        List<Case> cases = List.of(
            new Case("Neg", -5, 5, x -> 0 - x),
            new Case("Abs", -5, 5, x -> x < 0 ? -x : x),
            new Case("Sqrt", 0, 9, x -> Math.pow(x, 0.5)),
            new Case("Reciprocal", 0.1, 5, x -> Math.pow(x, -1)),
            new Case("Exp", -5, 5, x -> Math.pow(Math.E, x)),
            new Case("Log", 0.01, 50, x -> Math.log10(x) / Math.log10(Math.E)),
            new Case("Relu", -5, 5, x -> x > 0 ? x : 0),
            new Case("LeakyRelu", -5, 5, x -> x >= 0 ? x : x * 0.01f),
            new Case("Sigmoid", -20, 20, x -> Math.exp(x) / (Math.exp(x) + 1)),
            new Case("Tanh", -5, 5, x -> (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1)),
            new Case("Sin", -7, 7, x -> Math.cos(x - Math.PI / 2)),
            new Case("Cos", -7, 7, x -> Math.sin(x + Math.PI / 2)),
            new Case("Erf", -4, 4, HighPrecision::erf),
            new Case("Gelu", -8, 8, HighPrecision::gelu),
            new Case("Sign", -5, 5, x -> x > 0 ? 1 : x < 0 ? -1 : 0));
        Random rnd = new Random(21);
        for (Case c : cases) {
            Tensor x = random(rnd, 1, 3, 4, 5);
            double[] d = x.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = c.lo + (c.hi - c.lo) * (d[i] + 1) / 2;
            }
            x = new Tensor(DataType.FLOAT, x.shape(), d);
            Tensor y = run(c.op, Attributes.EMPTY, x);
            assertEquals(DataType.FLOAT, y.type(), c.op);
            assertEquals(x.shape(), y.shape(), c.op);
            for (int i = 0; i < d.length; i++) {
                assertClose(c.reference.applyAsDouble(d[i]), y.get(i), 1e-14, c.op + "(" + d[i] + ")");
            }
        }
    }

    @Test
    void specialValues() {
        Tensor x = Tensor.of(Shape.of(4), -0.0, 0.0, Double.NaN, -2);
        assertTrue(Double.isNaN(run("Relu", Attributes.EMPTY, x).get(2)));
        assertArrayEquals(new double[] {0, 0, 0}, slice(run("Relu", Attributes.EMPTY, x).data(), 0, 1, 3));
        assertTrue(Double.isNaN(run("Sign", Attributes.EMPTY, x).get(2)));
        assertEquals(Double.POSITIVE_INFINITY, run("Reciprocal", Attributes.EMPTY, x).get(1));
        assertEquals(Double.NEGATIVE_INFINITY, run("Log", Attributes.EMPTY, x).get(1));
        assertTrue(Double.isNaN(run("Sqrt", Attributes.EMPTY, x).get(3)));
        Tensor big = Tensor.of(Shape.of(2), -1000, 1000);
        assertArrayEquals(new double[] {0, 1}, run("Sigmoid", Attributes.EMPTY, big).data());
        assertArrayEquals(new double[] {-1, 1}, run("Tanh", Attributes.EMPTY, big).data());
    }

    private static double[] slice(double[] d, int... idx) {
        double[] r = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            r[i] = d[idx[i]];
        }
        return r;
    }

    @Test
    void leakyReluAlpha() {
        Tensor x = Tensor.of(Shape.of(3), -2, 0, 3);
        // The spec's default 0.01 is a float32 attribute value.
        assertArrayEquals(new double[] {-2 * (double) 0.01f, 0, 3}, run("LeakyRelu", Attributes.EMPTY, x).data());
        assertArrayEquals(new double[] {-0.5, 0, 3}, run("LeakyRelu", attrs("alpha", 0.25), x).data());
    }

    @Test
    void geluApproximations() {
        Random rnd = new Random(22);
        Tensor x = random(rnd, 6, 50);
        Tensor tanh = run("Gelu", attrs("approximate", "tanh"), x);
        Tensor none = run("Gelu", attrs("approximate", "none"), x);
        for (int i = 0; i < x.size(); i++) {
            double v = x.get(i);
            double expected = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertClose(expected, tanh.get(i), 1e-14, "tanh-Gelu(" + v + ")");
            assertClose(HighPrecision.gelu(v), none.get(i), 1e-14, "Gelu(" + v + ")");
            // The approximation is within 1e-3 of the exact function.
            assertClose(none.get(i), tanh.get(i), 1e-3, "approximation at " + v);
        }
        // Far in the negative tail the exact form keeps relative precision.
        double tail = run("Gelu", Attributes.EMPTY, Tensor.of(Shape.of(1), -9)).get(0);
        double expected = HighPrecision.gelu(-9);
        assertTrue(Math.abs(tail - expected) <= 1e-13 * Math.abs(expected), tail + " vs " + expected);
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("Gelu", attrs("approximate", "fast"), x));
    }

    @Test
    void notAndSignOnBooleans() {
        Tensor b = typed(DataType.BOOL, new int[] {2, 2}, 1, 0, 0, 1);
        Tensor n = run("Not", Attributes.EMPTY, b);
        assertEquals(DataType.BOOL, n.type());
        assertArrayEquals(new double[] {0, 1, 1, 0}, n.data());
    }

    @Test
    void castConvertsToTheTargetType() {
        Tensor x = Tensor.of(Shape.of(6), 0.1, 2.7, -2.7, 300, -1, 1e10);
        Map<DataType, double[]> expected = Map.of(
            DataType.FLOAT, new double[] {(float) 0.1, (float) 2.7, (float) -2.7, 300, -1, 1e10},
            DataType.INT32, new double[] {0, 2, -2, 300, -1, 1410065408},
            DataType.INT64, new double[] {0, 2, -2, 300, -1, 1e10},
            DataType.UINT8, new double[] {0, 2, 254, 44, 255, 0},
            DataType.INT8, new double[] {0, 2, -2, 44, -1, 0},
            DataType.BOOL, new double[] {1, 1, 1, 1, 1, 1},
            DataType.DOUBLE, x.data());
        for (Map.Entry<DataType, double[]> e : expected.entrySet()) {
            Tensor y = run("Cast", attrs("to", (long) e.getKey().onnxCode()), x);
            assertEquals(e.getKey(), y.type());
            assertArrayEquals(e.getValue(), y.data(), "Cast to " + e.getKey());
        }
        Tensor zeros = Tensor.of(Shape.of(3), 0.0, -0.0, Double.NaN);
        assertArrayEquals(new double[] {0, 0, 1}, run("Cast", attrs("to", 9L), zeros).data(), "NaN is true");
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Cast", Attributes.EMPTY, x));
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Cast", attrs("to", 8L), x));
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Cast", attrs("to", 99L), x));
    }

    @Test
    void clipWithBoundInputs() {
        Tensor x = Tensor.of(Shape.of(5), -3, -1, 0, 2, 1e39);
        Tensor lo = Tensor.scalar(-1.5);
        Tensor hi = Tensor.scalar(1);
        assertArrayEquals(new double[] {-1.5, -1, 0, 1, 1}, run("Clip", Attributes.EMPTY, x, lo, hi).data());
        assertArrayEquals(new double[] {-3, -1, 0, 1, 1}, run("Clip", Attributes.EMPTY, x, null, hi).data());
        assertArrayEquals(new double[] {-1.5, -1, 0, 2, 1e39}, run("Clip", Attributes.EMPTY, x, lo).data());
        assertArrayEquals(x.data(), run("Clip", Attributes.EMPTY, x).data(), "no bounds, no clipping");
        // min > max: everything becomes max.
        assertArrayEquals(new double[] {-2, -2, -2, -2, -2},
            run("Clip", Attributes.EMPTY, x, Tensor.scalar(0), Tensor.scalar(-2)).data());
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("Clip", Attributes.EMPTY, x, Tensor.of(Shape.of(2), 0, 1)));
    }

    @Test
    void clipWithBoundAttributesBeforeOpset11() {
        Tensor x = Tensor.of(Shape.of(5), -3, -1, 0, 2, 1e39);
        assertArrayEquals(new double[] {-1.5, -1, 0, 1, 1},
            run("Clip", attrs("min", -1.5, "max", 1.0, Opset.ATTRIBUTE, 6L), x).data());
        // Absent attribute bounds default to the float32 range.
        assertArrayEquals(new double[] {-1.5, -1, 0, 2, Float.MAX_VALUE},
            run("Clip", attrs("min", -1.5), x).data());
        assertArrayEquals(new double[] {-3, -1, 0, 2, Float.MAX_VALUE},
            run("Clip", attrs(Opset.ATTRIBUTE, 6L), x).data());
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("Clip", attrs("min", 0.0), x, Tensor.scalar(1)));
    }

    @Test
    void identityReturnsItsInput() {
        Tensor x = Tensor.ints(3, 1, 4);
        Tensor y = run("Identity", Attributes.EMPTY, x);
        assertSame(x, y);
        assertEquals(DataType.INT64, y.type());
    }

    @Test
    void dropoutIsTheIdentityAtInference() {
        Tensor x = random(new Random(23), 1, 2, 3);
        assertSame(x, run("Dropout", Attributes.EMPTY, x, Tensor.scalar(0.3)));
        List<Tensor> both = runAll("Dropout", Attributes.EMPTY, 2, x);
        assertSame(x, both.get(0));
        assertEquals(DataType.BOOL, both.get(1).type());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, both.get(1).data());
        List<Tensor> old = runAll("Dropout", attrs("ratio", 0.5, Opset.ATTRIBUTE, 7L), 2, x);
        assertEquals(x.type(), old.get(1).type(), "opset 7-9 mask has the input's type");
        Tensor notTraining = typed(DataType.BOOL, new int[0], 0);
        assertSame(x, run("Dropout", Attributes.EMPTY, x, null, notTraining));
        Tensor training = typed(DataType.BOOL, new int[0], 1);
        assertThrows(IllegalArgumentException.class, () -> run("Dropout", Attributes.EMPTY, x, null, training));
        // A computed training_mode cannot be checked, so shape inference refuses it.
        List<Tensor> args = Arrays.asList(x, null, training);
        assertThrows(IllegalArgumentException.class, () -> OpTesting.infer("Dropout",
            OpTesting.node("Dropout", Attributes.EMPTY, args, 1), args, Arrays.asList(x, null, null)));
    }

    @Test
    void inferenceChecksArity() {
        Tensor x = Tensor.scalar(1);
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Relu", Attributes.EMPTY, x, x));
        ValueInfo info = OpTesting.inferOne("Exp", Attributes.EMPTY, random(new Random(1), 1, 2, 1, 3));
        assertEquals(Shape.of(2, 1, 3), info.shape());
        assertEquals("out0", info.name());
    }
}
