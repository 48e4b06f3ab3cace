package io.netverify.bounds;

import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coefficients of the local linearisation agree with central finite differences of the exact evaluator. */
class LocalLinearizationTest {
    private static final double H = 1e-6;

    /** Linear -> Relu -> Linear -> Sigmoid -> Linear -> Tanh -> Linear. */
    private static Graph mixedMlp(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Relu", r.linear("x", 5, 8));
        h = r.node("Sigmoid", r.linear(h, 8, 7));
        h = r.node("Tanh", r.linear(h, 7, 6));
        return r.build(Shape.of(1, 5), r.linear(h, 6, 3));
    }

    /** Conv -> Relu -> Conv -> Tanh -> Reshape -> Linear. */
    private static Graph convNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        Attributes same = Attributes.EMPTY.with("pads", new long[] {1, 1, 1, 1});
        String h = r.node("Relu", r.node("Conv", same, "x", r.constant(r.gaussian(0.5, 3, 1, 3, 3)),
            r.constant(r.gaussian(0.1, 3))));
        h = r.node("Tanh", r.node("Conv", Attributes.EMPTY.with("strides", new long[] {2, 2}), h,
            r.constant(r.gaussian(0.4, 2, 3, 2, 2)), r.constant(r.gaussian(0.1, 2))));
        h = r.node("Reshape", h, r.constant(Tensor.ints(1, 8)));
        return r.build(Shape.of(1, 1, 4, 4), r.linear(h, 8, 4));
    }

    /** Central differences of {@code C y} in every input direction: rows x inputs. */
    private static double[][] finiteDifferences(Evaluator e, double[] x, double[][] c) {
        double[][] g = new double[c.length][x.length];
        for (int j = 0; j < x.length; j++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[j] += H;
            minus[j] -= H;
            double[] yp = e.evaluate(plus);
            double[] ym = e.evaluate(minus);
            for (int k = 0; k < c.length; k++) {
                double d = 0;
                for (int o = 0; o < yp.length; o++) {
                    d += c[k][o] * (yp[o] - ym[o]);
                }
                g[k][j] = d / (2 * H);
            }
        }
        return g;
    }

    private static void checkAgainstFiniteDifferences(Graph g, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = g.inputs().get(0).shape().size();
        int m = g.shape(g.outputs().get(0)).size();
        Evaluator e = new Evaluator(g);
        LocalLinearization lin = LocalLinearization.of(g);
        for (int t = 0; t < 5; t++) {
            double[] l = new double[n];
            double[] u = new double[n];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                l[i] = -2 + rnd.nextDouble();
                u[i] = 1 + rnd.nextDouble();
                x[i] = l[i] + rnd.nextDouble() * (u[i] - l[i]);
            }
            double[][] c = new double[3][m];
            for (double[] row : c) {
                for (int o = 0; o < m; o++) {
                    row[o] = rnd.nextDouble() * 2 - 1;
                }
            }
            double[][] a = lin.coefficients(x, new Interval(l, u), c);
            double[][] fd = finiteDifferences(e, x, c);
            double scale = 0;
            for (double[] row : fd) {
                for (double v : row) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            assertTrue(scale > 1e-3, "the test needs a non-flat function");
            for (int k = 0; k < c.length; k++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(fd[k][j], a[k][j], 1e-6 * (1 + scale), "graph " + seed + " point " + t + " row " + k + " input " + j);
                }
            }
        }
    }

    @Test
    void matchesFiniteDifferencesOnMlpsWithReluSigmoidAndTanh() {
        for (long seed = 0; seed < 6; seed++) {
            checkAgainstFiniteDifferences(mixedMlp(seed), 100 + seed);
        }
    }

    @Test
    void matchesFiniteDifferencesOnConvNets() {
        for (long seed = 0; seed < 6; seed++) {
            checkAgainstFiniteDifferences(convNet(seed), 200 + seed);
        }
    }

    /** At a box corner the tiny box is one-sided; the coefficients are still the gradient there. */
    @Test
    void worksAtTheCornerOfTheRegion() {
        Graph g = mixedMlp(9);
        double[] l = {-1, -1, -1, -1, -1};
        double[] u = {1, 1, 1, 1, 1};
        double[][] c = {{1, -1, 0}};
        double[][] a = LocalLinearization.of(g).coefficients(u.clone(), new Interval(l, u), c);
        double[][] fd = finiteDifferences(new Evaluator(g), u, c);
        for (int j = 0; j < 5; j++) {
            assertEquals(fd[0][j], a[0][j], 1e-4 * (1 + Math.abs(fd[0][j])));
        }
    }

    @Test
    void rejectsAPointOutsideTheRegion() {
        Graph g = mixedMlp(1);
        Interval unit = new Interval(new double[5], new double[] {1, 1, 1, 1, 1});
        assertThrows(IllegalArgumentException.class,
            () -> LocalLinearization.of(g).coefficients(new double[] {2, 0, 0, 0, 0}, unit, new double[][] {{1, 0, 0}}));
    }

    @Test
    void networksWithoutARelaxationAreRejectedUpFront() {
        RandomGraphs r = new RandomGraphs(3);
        String y = r.node("ReduceProd", Attributes.EMPTY.with("keepdims", 0L), r.linear("x", 2, 2));
        Graph g = r.build(Shape.of(1, 2), y);
        assertThrows(NoRelaxationException.class, () -> LocalLinearization.of(g));
    }
}
