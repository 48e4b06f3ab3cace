package io.netverify.bounds;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounds over every kind of {@link InputSet}, over graphs with several inputs and several outputs,
 * checked by sampling each set (vertices, boundary and interior points, exactly inside) and
 * evaluating the network; the single-box path must stay exactly what it was.
 */
class InputSetBoundsTest {
    private static final int N = 5;

    /** Linear - ReLU - Linear - Sigmoid - Linear, n inputs, 2 outputs. */
    private static Graph mlp(long seed, int n) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Relu", r.linear("x", n, 6));
        h = r.node("Sigmoid", r.linear(h, 6, 6));
        return r.build(Shape.of(n), r.linear(h, 6, 2));
    }

    private static double[] centre(SplittableRandom rnd, int n, double scale) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return c;
    }

    private static final double[][] C = {{1, 0}, {0, 1}, {1, -2}};
    private static final double[] D = {0, 0.5, -1};

    /**
     * Every bound method over balls of each norm (radius 0, small, large), a point and a box holds
     * at every sample, and a point's bounds are tight.
     */
    @Test
    void boundsOverEverySetHoldBySampling() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (long seed = 1; seed <= 2; seed++) {
            Graph g = mlp(seed, N);
            List<InputSet> sets = new ArrayList<>();
            for (InputSet.Norm norm : InputSet.Norm.values()) {
                for (double eps : new double[] {0, 0.3, 2}) {
                    sets.add(InputSet.ball(norm, centre(rnd, N, 1), eps));
                }
            }
            double[] p = centre(rnd, N, 1);
            sets.add(InputSet.point(p));
            sets.add(InputSet.box(new RandomGraphs(seed).box(N, 1)));
            for (InputSet set : sets) {
                for (BoundMethod m : BoundMethod.values()) {
                    Bounds b = BoundPropagator.of(g).method(m).compute(List.of(set), C, D);
                    check(g, List.of(set), C, D, b, 80, seed);
                }
            }
            Bounds b = BoundPropagator.of(g).compute(List.of(InputSet.point(p)), C, D);
            for (int k = 0; k < C.length; k++) {
                assertTrue(b.upper()[k] - b.lower()[k] <= 1e-12 * (1 + Math.abs(b.upper()[k])),
                    "a point's bounds are tight: [" + b.lower()[k] + ", " + b.upper()[k] + "]");
            }
        }
    }

    /** Centres and radii from 1e-300 to 1e300 (and radius 0): sound, never NaN. */
    @Test
    void extremeMagnitudesStaySound() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[][] cases = {{1e-300, 1e-300}, {1e-300, 0}, {1e300, 1e300}, {1e300, 1e-300}, {1, 1e300}, {1e300, 0}, {1e-300, 1}};
        Graph g = mlp(3, N);
        for (double[] cs : cases) {
            for (InputSet.Norm norm : InputSet.Norm.values()) {
                InputSet set = InputSet.ball(norm, centre(rnd, N, cs[0]), cs[1]);
                for (BoundMethod m : BoundMethod.values()) {
                    Bounds b = BoundPropagator.of(g).method(m).compute(List.of(set), C, D);
                    for (int k = 0; k < C.length; k++) {
                        assertTrue(!Double.isNaN(b.lower()[k]) && !Double.isNaN(b.upper()[k]), "NaN bound for " + set);
                    }
                    check(g, List.of(set), C, D, b, 60, 5);
                }
            }
        }
    }

    /**
     * Over a linear map, CROWN's bound over a ball is its exact minimum {@code w.c + b - eps ||w||_q}
     * (up to rounding), reached at the set's minimiser, and tighter than over the ball's box for l_1 and l_2.
     */
    @Test
    void ballBoundOfALinearMapIsExact() {
        RandomGraphs r = new RandomGraphs(5);
        int n = 8;
        Graph g = r.build(Shape.of(n), r.linear("x", n, 3));
        SplittableRandom rnd = new SplittableRandom(3);
        double[] c = centre(rnd, n, 2);
        double[][] rows = SoundnessCheck.identity(3);
        Evaluator ev = new Evaluator(g);
        for (InputSet.Norm norm : InputSet.Norm.values()) {
            InputSet.Ball ball = InputSet.ball(norm, c, 0.5);
            Bounds b = BoundPropagator.of(g).compute(List.of(ball), rows, new double[3]);
            Bounds box = BoundPropagator.of(g).compute(ball.box(), rows, new double[3]);
            for (int k = 0; k < 3; k++) {
                double[] a = Arrays.copyOfRange(b.inputCoefficients(), k * n, (k + 1) * n);
                double[] x = ball.minimiser(a, 0);
                assertTrue(SetSamples.contains(ball, x), norm + " minimiser outside the ball");
                double attained = ev.evaluate(x)[k];
                assertTrue(b.lower()[k] <= attained, norm + " row " + k + ": " + b.lower()[k] + " above " + attained);
                assertTrue(attained - b.lower()[k] <= 1e-12 * (1 + Math.abs(attained)),
                    norm + " row " + k + ": bound " + b.lower()[k] + " far below the minimum " + attained);
                if (norm != InputSet.Norm.LINF) {
                    assertTrue(b.lower()[k] > box.lower()[k] + 0.01 && b.upper()[k] < box.upper()[k] - 0.01,
                        norm + " ball no tighter than its box in row " + k);
                }
            }
        }
    }

    /** Two inputs meeting in products (x * y) and sums (x + y), each input in a set of its own kind. */
    @Test
    void multiInputGraphHoldsBySampling() {
        RandomGraphs r = new RandomGraphs(9);
        String p = r.node("Mul", r.linear("x", 3, 4), r.linear("y", 3, 4));
        String s = r.node("Add", r.linear("x", 3, 4), r.linear("y", 3, 4));
        String h = r.node("Relu", r.node("Add", p, s));
        String out = r.node("Add", r.linear(h, 4, 2), r.linear(r.node("Add", "x", "y"), 3, 2));
        Graph g = r.build(Map.of("x", 3, "y", 3), List.of(out));
        SplittableRandom rnd = new SplittableRandom(13);
        List<List<InputSet>> cases = List.of(
            List.of(InputSet.ball(InputSet.Norm.L2, centre(rnd, 3, 1), 0.5), InputSet.box(new RandomGraphs(1).box(3, 1))),
            List.of(InputSet.box(new RandomGraphs(2).box(3, 2)), InputSet.point(centre(rnd, 3, 1))),
            List.of(InputSet.ball(InputSet.Norm.L1, centre(rnd, 3, 1), 1), InputSet.ball(InputSet.Norm.LINF, centre(rnd, 3, 1), 0.2)),
            List.of(InputSet.point(centre(rnd, 3, 1)), InputSet.point(centre(rnd, 3, 1))));
        double[][] c = {{1, 0}, {0, 1}, {-1, 1}};
        double[] d = {0, 0, 0.1};
        for (List<InputSet> sets : cases) {
            for (BoundMethod m : BoundMethod.values()) {
                Bounds b = BoundPropagator.of(g).method(m).compute(sets, c, d);
                check(g, sets, c, d, b, 150, 17);
                assertEquals(c.length * 6, b.inputCoefficients() == null ? c.length * 6 : b.inputCoefficients().length);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> BoundPropagator.of(g).compute(new Interval(new double[3], new double[3])));
    }

    /**
     * Two outputs bounded together: sound for rows mixing both, and a row on one output as tight as
     * bounding the single-output network.
     */
    @Test
    void multiOutputGraphHoldsAndLosesNothing() {
        RandomGraphs r = new RandomGraphs(21);
        String h = r.node("Relu", r.linear("x", N, 6));
        String first = r.linear(r.node("Tanh", r.linear(h, 6, 6)), 6, 2);
        String second = r.node("Add", r.linear(h, 6, 3), r.linear("x", N, 3));
        Graph g = r.build(Map.of("x", N), List.of(first, second));
        Graph one = r.build(Map.of("x", N), List.of(first));
        SplittableRandom rnd = new SplittableRandom(23);
        double[][] c = {{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {1, -1, 0.5, 0, 2}, {0, 0, 0, 1, -1}};
        double[] d = new double[c.length];
        for (BoundMethod m : BoundMethod.values()) {
            List<InputSet> sets = List.of(InputSet.ball(InputSet.Norm.L2, centre(rnd, N, 1), 0.8));
            Bounds b = BoundPropagator.of(g).method(m).compute(sets, c, d);
            check(g, sets, c, d, b, 300, 29);
            Bounds single = BoundPropagator.of(one).method(m).compute(sets);
            for (int k = 0; k < 2; k++) {
                assertEquals(single.lower()[k], b.lower()[k], 1e-9 * (1 + Math.abs(single.lower()[k])), m + " lower " + k);
                assertEquals(single.upper()[k], b.upper()[k], 1e-9 * (1 + Math.abs(single.upper()[k])), m + " upper " + k);
            }
        }
    }

    /** The single-box entry point and a one-box set list give the same bounds, bit for bit. */
    @Test
    void singleBoxPathIsUnchanged() {
        Graph g = mlp(4, N);
        Interval box = new RandomGraphs(4).box(N, 1.5);
        for (BoundMethod m : BoundMethod.values()) {
            Bounds old = BoundPropagator.of(g).method(m).compute(box, C, D);
            Bounds sets = BoundPropagator.of(g).method(m).compute(List.of(InputSet.box(box)), C, D);
            assertArrayEquals(old.lower(), sets.lower(), 0.0);
            assertArrayEquals(old.upper(), sets.upper(), 0.0);
            if (m != BoundMethod.IBP) {
                assertArrayEquals(old.inputCoefficients(), sets.inputCoefficients(), 0.0);
            }
        }
    }

    @Test
    void badSetsAreRejected() {
        Graph g = mlp(1, N);
        double[] c = new double[N];
        BoundPropagator p = BoundPropagator.of(g);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.compute(List.of(InputSet.point(new double[3]))))
            .getMessage().contains("3 dimensions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.compute(List.of(InputSet.point(c), InputSet.point(c))))
            .getMessage().contains("2 input sets"));
        assertThrows(IllegalArgumentException.class, () -> InputSet.ball(InputSet.Norm.L2, c, -1));
        assertThrows(IllegalArgumentException.class, () -> InputSet.ball(InputSet.Norm.L2, c, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> InputSet.ball(InputSet.Norm.L2, c, Double.NaN));
        double[] nan = c.clone();
        nan[2] = Double.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> InputSet.point(nan)).getMessage().contains("dimension 2"));
        assertThrows(IllegalArgumentException.class, () -> InputSet.box(new Interval(new double[] {1}, new double[] {0})));
    }

    /** Samples the product of the sets and checks every row of C y + d against the bounds exactly. */
    private static void check(Graph g, List<InputSet> sets, double[][] c, double[] d, Bounds b, int samples, long seed) {
        Evaluator ev = new Evaluator(g);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int s = 0; s < samples; s++) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            for (int i = 0; i < sets.size(); i++) {
                double[] x = SetSamples.sample(sets.get(i), rnd, s);
                assertTrue(SetSamples.contains(sets.get(i), x));
                in.put(g.inputs().get(i).name(), Tensor.of(g.inputs().get(i).shape(), x));
            }
            double[] y = ev.run(in).values().stream().flatMapToDouble(t -> Arrays.stream(t.data())).toArray();
            for (int k = 0; k < c.length; k++) {
                if (!SoundnessCheck.inside(c[k], d[k], y, b.lower()[k], b.upper()[k])) {
                    fail(b.method() + " over " + sets + ": row " + k + " bounds [" + b.lower()[k] + ", " + b.upper()[k]
                        + "] miss sample " + s + " with outputs " + Arrays.toString(y));
                }
            }
        }
    }
}
