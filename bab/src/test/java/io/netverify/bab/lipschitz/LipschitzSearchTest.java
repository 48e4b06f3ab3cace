package io.netverify.bab.lipschitz;

import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianGraph;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.bounds.lipschitz.LipschitzBound;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.TinyReluNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Branch and bound on small ReLU nets against a dense grid of exact gradients: the bound stays
 * above every grid value, and converges to within 1% of a gradient norm it witnessed (so to the
 * exact value), well below the bound without branching, on the 2-16-16-2 shape at eps 1.
 */
class LipschitzSearchTest {
    static Graph mlp(long seed, int... sizes) {
        return mlp(seed, "Relu", sizes);
    }

    static Graph mlp(long seed, String activation, int... sizes) {
        RandomGraphs g = new RandomGraphs(seed);
        String v = "x";
        for (int l = 1; l < sizes.length; l++) {
            v = g.linear(v, sizes[l - 1], sizes[l]);
            if (l < sizes.length - 1) {
                v = g.node(activation, v);
            }
        }
        return g.build(Shape.of(sizes[0]), v);
    }

    /** The largest gradient norm on a grid of (k+1)^2 points of a 2-D box. */
    static double grid(Graph net, double[] c, Interval box, int k) {
        Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
        double best = 0;
        for (int i = 0; i <= k; i++) {
            for (int j = 0; j <= k; j++) {
                double[] x = {box.lower()[0] + (box.upper()[0] - box.lower()[0]) * i / k,
                    box.lower()[1] + (box.upper()[1] - box.lower()[1]) * j / k};
                best = Math.max(best, InputNorm.LINF.dual(grad.evaluate(x)));
            }
        }
        return best;
    }

    @Test
    void convergesToTheExactValueOnSmallReluNets() {
        for (long seed = 1; seed <= 1; seed++) {
            Graph net = mlp(seed, 2, 16, 16, 2);
            double[] c = {1, 0};
            Interval box = new Interval(new double[] {-1, -1}, new double[] {1, 1});
            LipschitzSearch.Result r = LipschitzSearch.of(net, c).run(box, System.nanoTime() + 30_000_000_000L);
            double exact = grid(net, c, box, 200);
            assertEquals(LipschitzSearch.Status.CONVERGED, r.status(), "seed " + seed);
            assertTrue(r.upper() >= exact, "seed " + seed + ": upper " + r.upper() + " below grid value " + exact);
            assertTrue(r.upper() <= 1.01 * r.lower(), "seed " + seed + ": upper " + r.upper() + " lower " + r.lower());
            assertTrue(r.lower() <= r.upper() && r.upper() <= r.root(), r.toString());
            assertEquals(r.lower(), InputNorm.LINF.dual(new Evaluator(JacobianGraph.gradient(net, c)).evaluate(r.witness())),
                1e-12);
        }
    }

    /** Smooth activations: bisection of a 2-D box brackets the constant within 1%, above every grid value. */
    @Test
    void inputBisectionConvergesOnSmoothNets() {
        for (String act : new String[] {"Tanh", "Sigmoid"}) {
            Graph net = mlp(5, act, 2, 8, 8, 1);
            double[] c = {1};
            Interval box = new Interval(new double[] {-0.3, 0}, new double[] {0.3, 0.6});
            LipschitzSearch.Result r = LipschitzSearch.of(net, c).run(box, System.nanoTime() + 30_000_000_000L);
            double grid = grid(net, c, box, 100);
            assertEquals(LipschitzSearch.Status.CONVERGED, r.status(), act + " " + r);
            assertTrue(r.upper() >= grid && r.upper() <= 1.01 * r.lower(), act + " " + r + " grid " + grid);
        }
    }

    /**
     * A smooth net with more inputs than bisection takes branches on its activations' inputs: the
     * bound tightens below the root's and stays above every sampled gradient norm.
     */
    @Test
    void smoothNetsWithManyInputsBranchOnActivations() {
        Graph net = mlp(9, "Tanh", 6, 8, 1);
        double[] c = {1};
        double[] l = new double[6];
        double[] u = new double[6];
        java.util.Arrays.fill(u, 0.5);
        Interval box = new Interval(l, u);
        LipschitzSearch.Result r = LipschitzSearch.of(net, c).inputSplitDimensions(2).mixedSplitDimensions(2)
            .run(box, System.nanoTime() + 5_000_000_000L);
        assertTrue(r.upper() < r.root() && r.domains() > 1, r.toString());
        Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int s = 0; s < 10_000; s++) {
            double[] x = new double[6];
            for (int i = 0; i < 6; i++) {
                x[i] = rnd.nextDouble(0, 0.5);
            }
            assertTrue(InputNorm.LINF.dual(grad.evaluate(x)) <= r.upper(), r.toString());
        }
    }

    /** Stopped early, the bound still holds: at least every sampled gradient norm. */
    @Test
    void stoppedEarlyTheBoundStillHolds() {
        Graph net = mlp(7, 5, 24, 24, 2);
        double[] c = {1, -1};
        Interval box = new Interval(new double[] {-1, -1, -1, -1, -1}, new double[] {1, 1, 1, 1, 1});
        LipschitzSearch.Result r = LipschitzSearch.of(net, c).run(box, System.nanoTime() + 1_000_000_000L);
        Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int s = 0; s < 10_000; s++) {
            double[] x = new double[5];
            for (int i = 0; i < 5; i++) {
                x[i] = rnd.nextDouble(-1, 1);
            }
            assertTrue(InputNorm.LINF.dual(grad.evaluate(x)) <= r.upper(), r.toString());
        }
        assertTrue(r.lower() <= r.upper() && r.upper() <= r.root(), r.toString());
    }

    /** The README's Java example, on the tiny network of the tests (exact constants 2 and 3 over [0, 1]^2). */
    @Test
    void readmeExample(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("net.onnx"), TinyReluNetwork.bytes());
        Interval box = new Interval(new double[] {0, 0}, new double[] {1, 1});
        double[] c = {0, 1};
        Graph g = OnnxModel.read(dir.resolve("net.onnx")).toGraph();
        LipschitzBound b = Lipschitz.of(g).norm(InputNorm.LINF).method(Lipschitz.Method.CROWN).bound(box, c);
        LipschitzSearch.Result exact = LipschitzSearch.of(g, c).run(box, System.nanoTime() + 60_000_000_000L);
        assertEquals(3, b.upper(), 1e-9);
        assertEquals(3, b.lower(), 1e-12);
        assertEquals(2, b.entries().upper()[0], 1e-9);
        assertEquals(3, exact.upper(), 1e-9);
    }

    /**
     * Branching on ReLUs only: infeasible activation patterns are pruned by the LP and the leaves are
     * exact, so the bound reaches the grid's maximum, below the bound without branching (which the
     * signed sums of the root's bound already bring within 2% of it here).
     */
    @Test
    void reluSplitsAloneConvergeToTheExactValue() {
        for (long seed = 1; seed <= 1; seed++) {
            Graph net = mlp(seed, 2, 6, 6, 1);
            double[] c = {1};
            Interval box = new Interval(new double[] {-1, -1}, new double[] {1, 1});
            LipschitzSearch.Result r = LipschitzSearch.of(net, c).inputSplitDimensions(0)
                .run(box, System.nanoTime() + 30_000_000_000L);
            double exact = grid(net, c, box, 100);
            assertEquals(LipschitzSearch.Status.CONVERGED, r.status(), "seed " + seed);
            assertTrue(r.upper() >= exact, "seed " + seed + ": upper " + r.upper() + " below grid value " + exact);
            assertTrue(r.upper() <= 1.01 * exact, "seed " + seed + ": upper " + r.upper() + " grid " + exact);
            assertTrue(r.root() > 1.005 * r.upper(), r.toString());
        }
    }
}
