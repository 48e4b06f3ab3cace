package io.netverify.bounds;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.Shape;
import io.netverify.onnx.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BoundPropagator#computeBatch} gives every box the bounds of its own compute call, up to float rounding. */
class BatchBoundsTest {
    /** IBP, CROWN-IBP (CROWN over IBP intermediate bounds) and full CROWN. */
    private static List<BoundPropagator> propagators(Graph g) {
        return List.of(BoundPropagator.of(g).method(BoundMethod.IBP),
            BoundPropagator.of(g).method(BoundMethod.CROWN).intermediate(BoundMethod.IBP),
            BoundPropagator.of(g).method(BoundMethod.CROWN));
    }

    /** Affine -> Linear -> Relu -> Linear -> Sigmoid -> Linear -> Tanh -> Linear. */
    private static Graph mixedMlp(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Affine", "x", r.constant(r.gaussian(1, 6)), r.constant(r.gaussian(0.1, 6)));
        h = r.node("Relu", r.linear(h, 6, 16));
        h = r.node("Sigmoid", r.linear(h, 16, 12));
        h = r.node("Tanh", r.linear(h, 12, 12));
        return r.build(Shape.of(1, 6), r.linear(h, 12, 4));
    }

    /** Linear over the last axis of a [1, 3, 5] input (three groups), Relu, Flatten, Linear. */
    private static Graph groupedLinear(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Relu", r.linear("x", 5, 7));
        h = r.node("Relu", r.linear(h, 7, 7));
        return r.build(Shape.of(1, 3, 5), r.linear(r.node("Flatten", h), 21, 4));
    }

    /** Conv -> Relu -> Conv -> residual Sum -> Relu -> AveragePool -> Flatten -> Linear. */
    private static Graph residualConv(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        Attributes same = Attributes.of("pads", new long[] {1, 1, 1, 1});
        String h = r.node("Relu", r.node("Conv", same, "x", r.constant(r.gaussian(0.5, 2, 2, 3, 3)),
            r.constant(r.gaussian(0.1, 2))));
        h = r.node("Conv", same, h, r.constant(r.gaussian(0.5, 2, 2, 3, 3)));
        h = r.node("Relu", r.node("Sum", "x", h));
        h = r.node("AveragePool", Attributes.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}), h);
        return r.build(Shape.of(1, 2, 4, 4), r.linear(r.node("Flatten", h), 8, 4));
    }

    private static List<Interval> boxes(Graph g, int count, long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        int n = g.inputs().get(0).shape().size();
        List<Interval> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boxes.add(r.box(n, i % 3 == 0 ? 2.0 : 0.4));
        }
        return boxes;
    }

    /**
     * Batched interval propagation sums in another order than single calls (centre-radius products),
     * so bounds agree up to float rounding, far inside this tolerance.
     */
    private static final double TOLERANCE = 1e-9;

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tol = TOLERANCE * (1 + Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol || expected[i] == actual[i],
                what + "[" + i + "]: single " + expected[i] + ", batched " + actual[i]);
        }
    }

    private static void assertSame(Bounds single, Bounds batched, String what) {
        assertEquals(single.method(), batched.method(), what);
        assertClose(single.lower(), batched.lower(), what + " lower");
        assertClose(single.upper(), batched.upper(), what + " upper");
        if (single.inputCoefficients() != null) {
            assertClose(single.inputCoefficients(), batched.inputCoefficients(), what + " coefficients");
        }
        assertEquals(single.intermediate().keySet(), batched.intermediate().keySet(), what);
        for (Map.Entry<String, Interval> e : single.intermediate().entrySet()) {
            Interval b = batched.intermediate().get(e.getKey());
            assertClose(e.getValue().lower(), b.lower(), what + " " + e.getKey());
            assertClose(e.getValue().upper(), b.upper(), what + " " + e.getKey());
        }
    }

    @Test
    void batchedBoundsEqualSingleCallsOnRandomGraphs() {
        for (int seed = 0; seed < 6; seed++) {
            Graph g = switch (seed % 3) {
                case 0 -> mixedMlp(seed);
                case 1 -> groupedLinear(seed);
                default -> residualConv(seed);
            };
            int outputs = g.shape(g.outputs().get(0)).size();
            double[][] c = {{1, 0, 0, 0}, {0, 1, -1, 0}, {0.5, 0, 0, -2}};
            double[] d = {0, 0.25, -1};
            assertEquals(4, outputs);
            List<Interval> boxes = boxes(g, 1 + 5 * seed, seed);
            for (BoundPropagator p : propagators(g)) {
                List<Bounds> batched = p.computeBatch(boxes, c, d);
                assertEquals(boxes.size(), batched.size());
                for (int i = 0; i < boxes.size(); i++) {
                    assertSame(p.compute(boxes.get(i), c, d), batched.get(i), "seed " + seed + " box " + i);
                    SoundnessCheck.check(g, boxes.get(i), c, d, batched.get(i), 100, seed + i);
                }
            }
        }
    }

    /** With a tiny pass size every pass holds one or a few boxes, and a box's neurons span several passes. */
    @Test
    void smallStackedPassesGiveTheSameBounds() {
        Graph g = mixedMlp(11);
        List<Interval> boxes = boxes(g, 9, 11);
        double[][] c = SoundnessCheck.identity(4);
        double[] d = new double[4];
        BoundPropagator p = BoundPropagator.of(g).method(BoundMethod.CROWN);
        for (long cap : new long[] {1, 16 * 5, 16 * 40}) {
            List<Bounds> batched = p.batch(boxes, cap).compute(c, d);
            for (int i = 0; i < boxes.size(); i++) {
                assertSame(p.compute(boxes.get(i), c, d), batched.get(i), "cap " + cap + " box " + i);
            }
        }
    }

    @Test
    void aPassedDeadlineGivesEveryBoxItsIntervalBounds() {
        Graph g = mixedMlp(3);
        List<Interval> boxes = boxes(g, 4, 3);
        double[][] c = SoundnessCheck.identity(4);
        double[] d = new double[4];
        List<Bounds> late = BoundPropagator.of(g).method(BoundMethod.CROWN).deadline(System.nanoTime() - 1)
            .computeBatch(boxes, c, d);
        BoundPropagator ibp = BoundPropagator.of(g).method(BoundMethod.IBP);
        for (int i = 0; i < boxes.size(); i++) {
            assertSame(ibp.compute(boxes.get(i), c, d), late.get(i), "box " + i);
        }
    }

    @Test
    void anEmptyBatchHasNoBounds() {
        Graph g = mixedMlp(1);
        for (BoundPropagator p : propagators(g)) {
            assertTrue(p.computeBatch(List.of(), SoundnessCheck.identity(4), new double[4]).isEmpty());
        }
    }

    @Test
    void batchedBoundsEqualSingleCallsOnMnist256x6() {
        Graph g = OnnxModel.read(SharedData.file("benchmarks/mnist_fc/onnx/mnist-net_256x6.onnx")).toGraph();
        SplittableRandom rnd = new SplittableRandom(9);
        List<Interval> boxes = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            double[] l = new double[784];
            double[] u = new double[784];
            for (int i = 0; i < l.length; i++) {
                double x = rnd.nextDouble() < 0.8 ? 0 : rnd.nextDouble();
                l[i] = Math.max(0, x - 0.03);
                u[i] = Math.min(1, x + 0.03);
            }
            boxes.add(new Interval(l, u));
        }
        double[][] c = new double[9][10];
        for (int k = 0; k < 9; k++) {
            c[k][0] = 1;
            c[k][k + 1] = -1;
        }
        double[] d = new double[9];
        for (BoundPropagator p : propagators(g)) {
            List<Bounds> batched = p.computeBatch(boxes, c, d);
            for (int i = 0; i < boxes.size(); i++) {
                assertSame(p.compute(boxes.get(i), c, d), batched.get(i), "box " + i);
            }
            SoundnessCheck.check(g, boxes.get(0), c, d, batched.get(0), 200, 9);
        }
    }
}
