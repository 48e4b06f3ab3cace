package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;

import static io.netverify.onnx.ops.OpTesting.assertClose;
import static io.netverify.onnx.ops.OpTesting.at;
import static io.netverify.onnx.ops.OpTesting.random;
import static io.netverify.onnx.ops.OpTesting.run;
import static io.netverify.onnx.ops.OpTesting.typed;
import static io.netverify.onnx.ops.OpTesting.unflatten;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinaryOpsTest {
    /** Pairs of operand shapes with their numpy broadcast shape. */
    private static final int[][][] SHAPES = {
        {{2, 3, 4}, {2, 3, 4}, {2, 3, 4}},
        {{2, 3, 4}, {4}, {2, 3, 4}},
        {{4}, {2, 3, 4}, {2, 3, 4}},
        {{2, 1, 4}, {3, 1}, {2, 3, 4}},
        {{}, {2, 2}, {2, 2}},
        {{3, 2}, {}, {3, 2}},
        {{1}, {5, 1}, {5, 1}},
        {{2, 1, 1, 3}, {1, 4, 1}, {2, 1, 4, 3}},
    };

    private static final Map<String, DoubleBinaryOperator> ARITHMETIC = Map.of(
        "Add", (a, b) -> a + b,
        "Sub", (a, b) -> a - b,
        "Mul", (a, b) -> a * b,
        "Div", (a, b) -> a / b,
        "Pow", (a, b) -> Math.exp(b * Math.log(a)));

    private static final Map<String, DoubleBinaryOperator> COMPARISONS = Map.of(
        "Equal", (a, b) -> a == b ? 1 : 0,
        "Greater", (a, b) -> a > b ? 1 : 0,
        "Less", (a, b) -> a < b ? 1 : 0,
        "GreaterOrEqual", (a, b) -> a >= b ? 1 : 0,
        "LessOrEqual", (a, b) -> a <= b ? 1 : 0);

    @Test
    void arithmeticBroadcastsLikeNumpy() {
        Random rnd = new Random(31);
        for (int[][] s : SHAPES) {
            // Positive operands keep Pow real; the shift avoids dividing by ~0.
            Tensor a = shift(random(rnd, 1, s[0]), 2);
            Tensor b = shift(random(rnd, 1, s[1]), 2);
            for (Map.Entry<String, DoubleBinaryOperator> op : ARITHMETIC.entrySet()) {
                Tensor y = run(op.getKey(), Attributes.EMPTY, a, b);
                assertEquals(Shape.of(s[2]), y.shape(), op.getKey());
                assertEquals(DataType.DOUBLE, y.type());
                for (int i = 0; i < y.size(); i++) {
                    int[] idx = unflatten(i, s[2]);
                    assertClose(op.getValue().applyAsDouble(at(a, idx), at(b, idx)), y.get(i), 1e-14, op.getKey());
                }
            }
        }
    }

    @Test
    void comparisonsGiveBooleans() {
        Random rnd = new Random(32);
        for (int[][] s : SHAPES) {
            // Few distinct values, so that equal elements occur.
            Tensor a = round(random(rnd, 2, s[0]));
            Tensor b = round(random(rnd, 2, s[1]));
            for (Map.Entry<String, DoubleBinaryOperator> op : COMPARISONS.entrySet()) {
                Tensor y = run(op.getKey(), Attributes.EMPTY, a, b);
                assertEquals(DataType.BOOL, y.type(), op.getKey());
                for (int i = 0; i < y.size(); i++) {
                    int[] idx = unflatten(i, s[2]);
                    assertEquals(op.getValue().applyAsDouble(at(a, idx), at(b, idx)), y.get(i), op.getKey());
                }
            }
        }
    }

    @Test
    void powWithConstantExponent() {
        Tensor x = Tensor.of(Shape.of(2, 2), -3, 0.5, 2, 10);
        assertArrayEquals(new double[] {9, 0.25, 4, 100}, run("Pow", Attributes.EMPTY, x, Tensor.scalar(2)).data());
        assertArrayEquals(new double[] {-27, 0.125, 8, 1000},
            run("Pow", Attributes.EMPTY, x, typed(DataType.INT64, new int[] {1}, 3)).data());
        assertTrue(Double.isNaN(run("Pow", Attributes.EMPTY, x, Tensor.scalar(0.5)).get(0)));
    }

    @Test
    void integerArithmeticTruncatesAndWraps() {
        Tensor a = typed(DataType.INT64, new int[] {4}, 7, -7, 7, -7);
        Tensor b = typed(DataType.INT64, new int[] {4}, 2, 2, -2, -2);
        Tensor q = run("Div", Attributes.EMPTY, a, b);
        assertEquals(DataType.INT64, q.type());
        assertArrayEquals(new double[] {3, -3, -3, 3}, q.data());
        Tensor i8 = typed(DataType.INT8, new int[] {2}, 100, -100);
        assertArrayEquals(new double[] {-56, 56}, run("Add", Attributes.EMPTY, i8, i8).data());
        Tensor base = typed(DataType.INT32, new int[] {2}, 2, 3);
        Tensor p = run("Pow", Attributes.EMPTY, base, Tensor.scalar(2.5));
        assertEquals(DataType.INT32, p.type(), "Pow has the base's type");
        assertArrayEquals(new double[] {5, 15}, p.data());
    }

    @Test
    void incompatibleShapesAreRejected() {
        Tensor a = Tensor.zeros(DataType.FLOAT, Shape.of(2, 3));
        Tensor b = Tensor.zeros(DataType.FLOAT, Shape.of(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("Add", Attributes.EMPTY, a, b));
        assertTrue(e.getMessage().contains("broadcast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Mul", Attributes.EMPTY, a));
    }

    @Test
    void whereSelectsWithThreeWayBroadcasting() {
        Tensor cond = typed(DataType.BOOL, new int[] {2, 1}, 1, 0);
        Tensor x = Tensor.of(Shape.of(1, 3), 1, 2, 3);
        Tensor y = Tensor.scalar(-1);
        Tensor r = run("Where", Attributes.EMPTY, cond, x, y);
        assertEquals(Shape.of(2, 3), r.shape());
        assertArrayEquals(new double[] {1, 2, 3, -1, -1, -1}, r.data());
        Tensor ints = typed(DataType.INT64, new int[] {3}, 4, 5, 6);
        Tensor mixed = run("Where", Attributes.EMPTY, typed(DataType.BOOL, new int[] {3}, 0, 1, 0), ints,
            typed(DataType.INT64, new int[] {}, 0));
        assertEquals(DataType.INT64, mixed.type());
        assertArrayEquals(new double[] {0, 5, 0}, mixed.data());
    }

    @Test
    void variadicOperatorsFoldBroadcastInputs() {
        Random rnd = new Random(33);
        Tensor a = random(rnd, 3, 2, 1, 4);
        Tensor b = random(rnd, 3, 3, 1);
        Tensor c = random(rnd, 3, 4);
        int[] dims = {2, 3, 4};
        for (String op : List.of("Max", "Min", "Sum", "Mean")) {
            Tensor y = run(op, Attributes.EMPTY, a, b, c);
            assertEquals(Shape.of(dims), y.shape(), op);
            for (int i = 0; i < y.size(); i++) {
                int[] idx = unflatten(i, dims);
                double u = at(a, idx);
                double v = at(b, idx);
                double w = at(c, idx);
                double expected = switch (op) {
                    case "Max" -> u > v ? (u > w ? u : w) : (v > w ? v : w);
                    case "Min" -> u < v ? (u < w ? u : w) : (v < w ? v : w);
                    case "Sum" -> u + v + w;
                    default -> (u + v + w) / 3;
                };
                assertClose(expected, y.get(i), 1e-15, op);
            }
            assertArrayEquals(c.data(), run(op, Attributes.EMPTY, c).data(), op + " of one input");
        }
        Tensor nan = Tensor.of(Shape.of(2), Double.NaN, 1);
        assertTrue(Double.isNaN(run("Max", Attributes.EMPTY, nan, Tensor.scalar(0)).get(0)));
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Sum", Attributes.EMPTY));
    }

    private static Tensor shift(Tensor t, double by) {
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += by;
        }
        return Tensor.of(t.shape(), d);
    }

    private static Tensor round(Tensor t) {
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.rint(d[i]);
        }
        return Tensor.of(t.shape(), d);
    }
}
