package io.netverify.bounds.lipschitz;

import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Soundness and tightness of the Lipschitz bounds on random MLPs: the Jacobian graph agrees with
 * finite differences of the network; every method's bound is at least every sampled gradient norm
 * and its per-entry bounds contain every sampled gradient; at eps = 0 the bounds are the exact
 * gradient; CROWN is at least as tight as IBP and far below naive.
 */
class LipschitzTest {
    static final String[] ACTIVATIONS = {"Relu", "Tanh", "Sigmoid", "LeakyRelu"};

    /** A random MLP with the given layer sizes and activation between the linear layers. */
    static Graph mlp(long seed, String activation, int... sizes) {
        RandomGraphs g = new RandomGraphs(seed);
        String v = "x";
        for (int l = 1; l < sizes.length; l++) {
            v = g.linear(v, sizes[l - 1], sizes[l]);
            if (l < sizes.length - 1) {
                v = activation.equals("LeakyRelu")
                    ? g.node("LeakyRelu", new io.netverify.onnx.Attributes(java.util.Map.of("alpha", 0.1)), v)
                    : g.node(activation, v);
            }
        }
        return g.build(Shape.of(sizes[0]), v);
    }

    static Interval ball(double[] centre, double eps) {
        double[] l = new double[centre.length];
        double[] u = new double[centre.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = centre[i] - eps;
            u[i] = centre[i] + eps;
        }
        return new Interval(l, u);
    }

    static double[] randomPoint(SplittableRandom rnd, Interval box) {
        double[] x = new double[box.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = box.lower()[i] + rnd.nextDouble() * (box.upper()[i] - box.lower()[i]);
        }
        return x;
    }

    @Test
    void jacobianGraphAgreesWithFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (String act : ACTIVATIONS) {
            Graph net = mlp(11, act, 4, 12, 10, 3);
            double[] c = {0.7, -1.3, 0.4};
            Evaluator f = new Evaluator(net);
            Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
            for (int t = 0; t < 50; t++) {
                double[] x = randomPoint(rnd, ball(new double[4], 2));
                double[] g = grad.evaluate(x);
                for (int i = 0; i < 4; i++) {
                    double h = 1e-6;
                    double[] xp = x.clone();
                    double[] xm = x.clone();
                    xp[i] += h;
                    xm[i] -= h;
                    double fd = (dot(c, f.evaluate(xp)) - dot(c, f.evaluate(xm))) / (2 * h);
                    assertEquals(fd, g[i], 1e-5, act + " entry " + i);
                }
            }
        }
    }

    @Test
    void boundsHoldForEverySampledGradient() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (String act : ACTIVATIONS) {
            Graph net = mlp(21, act, 3, 16, 16, 2);
            double[] c = {1, -0.5};
            Interval box = ball(new double[] {0.2, -0.1, 0.4}, 0.3);
            Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
            double[][] points = new double[10_000][];
            for (int s = 0; s < points.length; s++) {
                points[s] = randomPoint(rnd, box);
            }
            double[][] grads = grad.evaluateBatch(points);
            for (InputNorm norm : InputNorm.values()) {
                for (Lipschitz.Method m : norm == InputNorm.LINF ? Lipschitz.Method.values()
                    : new Lipschitz.Method[] {Lipschitz.Method.NAIVE, Lipschitz.Method.CROWN}) {
                    LipschitzBound b = Lipschitz.of(net).norm(norm).method(m).samples(500, 1).bound(box, c);
                    assertTrue(b.lower() <= b.upper(), act + " " + norm + " " + m + ": sampled " + b.lower() + " > " + b.upper());
                    for (double[] g : grads) {
                        if (norm.dual(g) > b.upper() || !b.entries().contains(g, 0)) {
                            fail(act + " " + norm + " " + m + ": gradient of norm " + norm.dual(g) + " outside the bounds, upper "
                                + b.upper());
                        }
                    }
                }
            }
        }
    }

    /** A Div by a scalar constant stays a division (the file's own divisor): its gradient divides too, and every bound holds. */
    @Test
    void divisionByAConstantIsDifferentiatedAsADivision() {
        RandomGraphs g = new RandomGraphs(61);
        String v = g.node("Tanh", g.linear("x", 3, 8));
        v = g.node("Div", v, g.constant(io.netverify.onnx.Tensor.scalar(1.4142135381698608)));
        v = g.linear(g.node("Tanh", v), 8, 2);
        Graph net = g.build(Shape.of(3), v);
        for (io.netverify.onnx.passes.GraphPass pass : io.netverify.onnx.OnnxModel.normalizationPasses()) {
            net = pass.apply(net, "test");
        }
        assertTrue(net.nodes().stream().anyMatch(n -> n.attributes().getFloat(io.netverify.onnx.ops.Affine.DIVISOR, 0) != 0),
            "the normalised graph divides");
        double[] c = {1, -2};
        Interval box = ball(new double[] {0.3, -0.2, 0.1}, 0.2);
        Evaluator f = new Evaluator(net);
        Graph jacobian = JacobianGraph.gradient(net, c);
        // the forward division and its gradient's
        assertEquals(2, jacobian.nodes().stream().filter(n -> n.attributes().getFloat(io.netverify.onnx.ops.Affine.DIVISOR, 0) != 0)
            .count(), "the gradient divides as the forward node does (not a multiplication by the rounded reciprocal)");
        Evaluator grad = new Evaluator(jacobian);
        SplittableRandom rnd = new SplittableRandom(62);
        double[][] points = new double[2_000][];
        for (int s = 0; s < points.length; s++) {
            points[s] = randomPoint(rnd, box);
        }
        double[] x = points[0];
        double[] gx = grad.evaluate(x);
        for (int i = 0; i < 3; i++) {
            double h = 1e-6;
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            assertEquals((dot(c, f.evaluate(xp)) - dot(c, f.evaluate(xm))) / (2 * h), gx[i], 1e-6, "entry " + i);
        }
        double[][] grads = grad.evaluateBatch(points);
        for (Lipschitz.Method m : Lipschitz.Method.values()) {
            LipschitzBound b = Lipschitz.of(net).method(m).samples(200, 1).bound(box, c);
            for (double[] gp : grads) {
                assertTrue(InputNorm.LINF.dual(gp) <= b.upper(), m + ": " + InputNorm.LINF.dual(gp) + " > " + b.upper());
            }
        }
    }

    @Test
    void atEpsZeroTheBoundsAreTheExactGradient() {
        for (String act : ACTIVATIONS) {
            Graph net = mlp(31, act, 5, 20, 20, 4);
            double[] c = {0.3, -1, 2, 0.5};
            double[] x = {0.1, -0.4, 0.7, 0.2, -0.9};
            double[] g = new Evaluator(JacobianGraph.gradient(net, c)).evaluate(x);
            for (Lipschitz.Method m : new Lipschitz.Method[] {Lipschitz.Method.IBP, Lipschitz.Method.CROWN,
                Lipschitz.Method.ALPHA_CROWN}) {
                LipschitzBound b = Lipschitz.of(net).method(m).samples(10, 1).bound(ball(x, 0), c);
                for (int i = 0; i < g.length; i++) {
                    assertEquals(g[i], b.entries().lower()[i], 1e-9, act + " " + m);
                    assertEquals(g[i], b.entries().upper()[i], 1e-9, act + " " + m);
                }
                assertEquals(InputNorm.LINF.dual(g), b.upper(), 1e-9, act + " " + m);
                assertEquals(b.upper(), b.lower(), 1e-9, act + " " + m);
            }
        }
    }

    @Test
    void crownIsAtLeastAsTightAsIbpAndFarBelowNaive() {
        for (long seed = 41; seed < 44; seed++) {
            Graph net = mlp(seed, "Relu", 2, 16, 16, 2);
            double[] c = {1, 0};
            Interval box = ball(new double[] {0.1, 0.3}, 0.1);
            double ibp = Lipschitz.of(net).method(Lipschitz.Method.IBP).bound(box, c).upper();
            LipschitzBound crown = Lipschitz.of(net).method(Lipschitz.Method.CROWN).bound(box, c);
            double alpha = Lipschitz.of(net).method(Lipschitz.Method.ALPHA_CROWN).bound(box, c).upper();
            assertTrue(crown.upper() <= ibp, "CROWN " + crown.upper() + " IBP " + ibp);
            assertTrue(alpha <= crown.upper() * (1 + 1e-9), "alpha " + alpha + " CROWN " + crown.upper());
            assertTrue(crown.upper() < crown.naive() / 2, "CROWN " + crown.upper() + " naive " + crown.naive());
        }
    }

    /**
     * Up to 10 inputs the l_1 norm is bounded through every sign vector: never looser than bounding
     * it through |.| and the sum, tighter on wide boxes, and above every sampled gradient norm.
     */
    @Test
    void signedSumsTightenTheNormBound() {
        SplittableRandom rnd = new SplittableRandom(9);
        boolean tighter = false;
        for (long seed = 51; seed < 54; seed++) {
            Graph net = mlp(seed, "Relu", 2, 16, 16, 2);
            double[] c = {1, 0};
            Interval box = ball(new double[] {0.1, -0.2}, 1);
            double viaAbs = BoundPropagator.of(JacobianGraph.l1Norm(net, c)).compute(box).upper()[0];
            double upper = Lipschitz.of(net).method(Lipschitz.Method.CROWN).samples(0, 1).bound(box, c).upper();
            assertTrue(upper <= viaAbs, "signed sums " + upper + " above the |.| graph's " + viaAbs);
            tighter |= upper < 0.95 * viaAbs;
            Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
            for (int s = 0; s < 10_000; s++) {
                double[] g = grad.evaluate(randomPoint(rnd, box));
                assertTrue(InputNorm.LINF.dual(g) <= upper, "gradient norm " + InputNorm.LINF.dual(g) + " above " + upper);
            }
        }
        assertTrue(tighter, "the signed sums never tightened the bound by 5%");
    }

    /** On a one-input net, dense sampling of the (piecewise constant) derivative nearly gives the exact value. */
    @Test
    void oneInputReluNetAgainstDenseSampling() {
        Graph net = mlp(51, "Relu", 1, 16, 16, 1);
        Interval box = new Interval(new double[] {-1}, new double[] {1});
        Evaluator grad = new Evaluator(JacobianGraph.gradient(net, new double[] {1}));
        double exact = 0;
        for (int s = 0; s <= 100_000; s++) {
            exact = Math.max(exact, Math.abs(grad.evaluate(new double[] {-1 + 2.0 * s / 100_000})[0]));
        }
        LipschitzBound b = Lipschitz.of(net).bound(box, new double[] {1});
        assertTrue(b.upper() >= exact, b.upper() + " < " + exact);
        assertTrue(b.lower() <= exact * (1 + 1e-12) && b.lower() >= 0.9 * exact, "sampled " + b.lower() + " exact " + exact);
    }

    /** Conv -> ConvTranspose: finite differences, sampled soundness and the eps = 0 identity on a small CNN. */
    @Test
    void convolutionalNet() {
        RandomGraphs r = new RandomGraphs(71);
        io.netverify.onnx.Attributes strided = new io.netverify.onnx.Attributes(java.util.Map.of(
            "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
        String h = r.node("Relu", r.node("Conv", strided, "x", r.constant(r.gaussian(0.5, 3, 1, 3, 3)),
            r.constant(r.gaussian(0.1, 3))));
        h = r.node("Tanh", r.node("Conv", io.netverify.onnx.Attributes.EMPTY, h, r.constant(r.gaussian(0.3, 2, 3, 2, 2)),
            r.constant(r.gaussian(0.1, 2))));
        h = r.node("View", new io.netverify.onnx.Attributes(java.util.Map.of("shape", new long[] {1, 8})), h);
        checkConvolutional(r.build(Shape.of(1, 1, 5, 5), r.linear(h, 8, 2)), 25, 9);
    }

    /** AveragePool (padding, ceil mode, stride) and GlobalAveragePool: their adjoints, as for Conv. */
    @Test
    void poolingNet() {
        RandomGraphs r = new RandomGraphs(72);
        io.netverify.onnx.Attributes padded = new io.netverify.onnx.Attributes(java.util.Map.of("pads", new long[] {1, 1, 1, 1}));
        String h = r.node("Relu", r.node("Conv", padded, "x", r.constant(r.gaussian(0.5, 3, 1, 3, 3)),
            r.constant(r.gaussian(0.1, 3))));
        h = r.node("Tanh", r.node("AveragePool", new io.netverify.onnx.Attributes(java.util.Map.of("kernel_shape", new long[] {3, 3},
            "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}, "ceil_mode", 1L)), h));
        h = r.node("GlobalAveragePool", h);
        h = r.node("View", new io.netverify.onnx.Attributes(java.util.Map.of("shape", new long[] {1, 3})), h);
        checkConvolutional(r.build(Shape.of(1, 1, 6, 6), r.linear(h, 3, 2)), 36, 10);
    }

    /** Finite differences, sampled soundness of CROWN and naive in every norm, and the eps = 0 identity. */
    private static void checkConvolutional(Graph net, int inputs, long seed) {
        double[] c = {1, -2};
        Evaluator f = new Evaluator(net);
        Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
        SplittableRandom rnd = new SplittableRandom(seed);
        Interval box = ball(new double[inputs], 0.5);
        LipschitzBound crown = Lipschitz.of(net).samples(200, 1).bound(box, c);
        double[] naive = new double[InputNorm.values().length];
        for (InputNorm norm : InputNorm.values()) {
            naive[norm.ordinal()] = Lipschitz.of(net).norm(norm).method(Lipschitz.Method.NAIVE).samples(1, 1).bound(box, c).upper();
        }
        for (int t = 0; t < 1000; t++) {
            double[] x = randomPoint(rnd, box);
            double[] g = grad.evaluate(x);
            assertTrue(InputNorm.LINF.dual(g) <= crown.upper() && crown.entries().contains(g, 0), "gradient outside the bounds");
            for (InputNorm norm : InputNorm.values()) {
                assertTrue(norm.dual(g) <= naive[norm.ordinal()], norm + " naive " + naive[norm.ordinal()] + " < " + norm.dual(g));
            }
            if (t < 10) {
                for (int i = 0; i < inputs; i++) {
                    double[] xp = x.clone();
                    double[] xm = x.clone();
                    xp[i] += 1e-6;
                    xm[i] -= 1e-6;
                    assertEquals((dot(c, f.evaluate(xp)) - dot(c, f.evaluate(xm))) / 2e-6, g[i], 1e-5, "entry " + i);
                }
            }
        }
        assertTrue(crown.upper() < crown.naive(), crown.upper() + " naive " + crown.naive());
        double[] x = randomPoint(rnd, box);
        LipschitzBound point = Lipschitz.of(net).samples(1, 1).bound(ball(x, 0), c);
        assertEquals(InputNorm.LINF.dual(grad.evaluate(x)), point.upper(), 1e-9);
    }

    @Test
    void unsupportedOperatorsAndWrongWeightingsAreRefused() {
        Graph net = mlp(61, "Relu", 2, 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Lipschitz.of(net).bound(ball(new double[2], 1), new double[3]));
        assertTrue(e.getMessage().contains("3 entries"), e.getMessage());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
