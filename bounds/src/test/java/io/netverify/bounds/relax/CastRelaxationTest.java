package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import io.netverify.onnx.ops.Operators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cast bounds by sampling: for casts that round (float16, bfloat16, float32 from float64), truncate
 * (integers, with wrap-around out of range) or test (bool), every sampled point's cast lies in IBP's
 * range and between the backward step's lower and upper lines, on intervals near overflow, in the
 * subnormal range, around integer range ends, at extreme magnitudes and of zero width. No tolerance.
 */
class CastRelaxationTest {
    private static final int POINTS = 2_000;

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT16", "BFLOAT16", "FLOAT", "INT8", "UINT8", "INT32", "INT64", "BOOL"})
    void pointsLieInTheRangeAndBetweenTheLines(DataType to) {
        SplittableRandom rnd = new SplittableRandom(to.ordinal());
        Interval x = intervals(rnd);
        int n = x.size();
        Graph g = graph(DataType.DOUBLE, to, n);
        Node node = g.nodes().get(0);
        Relaxation r = Relaxations.find("Cast").orElseThrow();
        Interval range = r.interval(node, List.of(x), g).get(0);
        double[] coef = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            coef[i * n + i] = 1;
            coef[(n + i) * n + i] = -1;
        }
        Map<String, double[]> acc = new HashMap<>();
        double[] bias = new double[2 * n];
        r.backward(node, new BackwardStep(g, node, 2 * n, new double[][] {coef}, v -> x,
            v -> acc.computeIfAbsent(v, k -> new double[2 * n * n]), bias, null));
        double[] a = acc.computeIfAbsent("x", k -> new double[2 * n * n]);
        for (int i = 0; i < n; i++) {
            double l = x.lower()[i];
            double u = x.upper()[i];
            double[] t = ElementwiseSamplingTest.samples(l, u, new double[0], rnd, POINTS);
            double[] y = cast(node, t);
            for (int j = 0; j < t.length; j++) {
                if (!(range.lower()[i] <= y[j] && y[j] <= range.upper()[i])) {
                    fail(at(to, l, u, t[j], y[j]) + ": outside the range [" + range.lower()[i] + ", " + range.upper()[i] + "]");
                }
                double lower = a[i * n + i] == 0 ? bias[i] : a[i * n + i] * t[j] + bias[i];
                double upper = a[(n + i) * n + i] == 0 ? -bias[n + i] : -(a[(n + i) * n + i] * t[j] + bias[n + i]);
                if (!(lower <= y[j] && y[j] <= upper)) {
                    fail(at(to, l, u, t[j], y[j]) + ": outside the lines [" + lower + ", " + upper + "]");
                }
            }
        }
    }

    private static String at(DataType to, double l, double u, double t, double y) {
        return to + " on [" + l + ", " + u + "] at " + t + " (cast " + y + ")";
    }

    /** Cast(Cast(x, FLOAT16), FLOAT) at 0.1 is 0.0999755859375 (issue 12.3): bounded as such. */
    @Test
    void float16RoundTripIsNotTheIdentity() {
        Graph g = graph(DataType.DOUBLE, DataType.FLOAT16, 1);
        Node node = g.nodes().get(0);
        Interval at = new Interval(new double[] {0.1}, new double[] {0.1});
        Interval range = Relaxations.find("Cast").orElseThrow().interval(node, List.of(at), g).get(0);
        assertEquals(0.0999755859375, range.lower()[0]);
        assertEquals(0.0999755859375, range.upper()[0]);
    }

    /** A cast to the operand's own type, or a wider one, is the identity, in bounds as in evaluation. */
    @Test
    void castToATypeThatHoldsTheOperandIsTheIdentity() {
        Graph g = graph(DataType.FLOAT, DataType.FLOAT, 1);
        Node node = g.nodes().get(0);
        Interval x = new Interval(new double[] {0.1}, new double[] {0.3});
        Interval range = Relaxations.find("Cast").orElseThrow().interval(node, List.of(x), g).get(0);
        assertEquals(0.1, range.lower()[0]);
        assertEquals(0.3, range.upper()[0]);
        assertEquals(0.1, cast(node, new double[] {0.1}, DataType.FLOAT)[0]);
    }

    /** Intervals of every kind: points, narrow, wide, around overflow, subnormal, around integer range ends, huge. */
    private static Interval intervals(SplittableRandom rnd) {
        double[] special = {0, 0.1, -0.5, 0.5, 1.5, 2.5, 127, 127.5, -128.5, 255.5, 65504, 65519.99, 65520, -65536, 6e-8,
            3e-8, 1e-40, Float.MAX_VALUE, 0x1.fep127, 0x1p31, -0x1p31, 0x1p63, 1e300, -1e300};
        List<double[]> list = new ArrayList<>();
        for (double p : special) {
            list.add(new double[] {p, p});
            double w = Math.abs(p) * 1e-3 + 1e-9;
            list.add(new double[] {p - w * rnd.nextDouble(), p + w * rnd.nextDouble()});
            list.add(new double[] {p, p + Math.abs(p) + 1});
            list.add(new double[] {p - 10 * w, p});
        }
        list.add(new double[] {-1e308, 1e308});
        list.add(new double[] {-1e-310, 1e-310});
        list.add(new double[] {Math.nextUp(0.0), Math.nextUp(Math.nextUp(0.0))});
        return ElementwiseSamplingTest.interval(list);
    }

    private static double[] cast(Node node, double[] x) {
        return cast(node, x, DataType.DOUBLE);
    }

    private static double[] cast(Node node, double[] x, DataType from) {
        return Operators.find("Cast").orElseThrow()
            .evaluate(node, List.of(new Tensor(from, Shape.of(x.length), x))).get(0).data();
    }

    /** x[n] of type {@code from} -> Cast(to) -> y. */
    private static Graph graph(DataType from, DataType to, int n) {
        Node node = new Node("cast", "Cast", List.of("x"), List.of("y"), Attributes.EMPTY.with("to", (long) to.onnxCode()));
        return GraphInference.build("test", "test", 17, List.of(new ValueInfo("x", from, Shape.of(n))),
            List.of("y"), List.of(node), Map.of());
    }
}
