package io.netverify.bounds.lipschitz;

import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.netverify.bounds.lipschitz.StructuralGradientsTest.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chain rules of the element-wise operators Abs, Clip, Gelu (erf and tanh forms), Erf, Softmax
 * (both opset semantics), Log, Sqrt, Reciprocal, Pow and Div on small nets that use them, through
 * {@link StructuralGradientsTest#check} (finite differences, the eps = 0 identity, sampled gradients
 * inside every method's bounds in every norm on narrow, wide and zero-touching boxes); the Clarke
 * intervals at the kinks of Abs and Clip; unbounded derivatives giving infinite bounds; and clean
 * refusals.
 */
class ElementwiseGradientsTest {
    /** Abs, Clip with bound inputs (and one omitted), Clip with min/max attributes. */
    static Graph kinkNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Abs", r.linear("x", 4, 6));
        h = r.node("Clip", r.linear(h, 6, 6), r.constant(Tensor.scalar(-0.5)), r.constant(Tensor.scalar(0.7)));
        h = r.node("Clip", r.linear(h, 6, 5), "", r.constant(Tensor.scalar(0.4)));
        h = r.node("Clip", attrs("min", -0.3, "max", 1.0), r.linear(h, 5, 5));
        return r.build(Shape.of(4), r.linear(h, 5, 2));
    }

    /** GELU (erf form, tanh form, a recognised one dividing by sqrt 2), Erf and Softmax. */
    static Graph smoothNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Gelu", r.linear("x", 4, 6));
        h = r.node("Gelu", attrs("approximate", "tanh"), r.linear(h, 6, 6));
        h = r.node("Gelu", attrs("netverify_factor", 0.5, "netverify_divisor", 1.4142135381698608), r.linear(h, 6, 6));
        h = r.node("Erf", r.linear(h, 6, 5));
        h = r.node("Softmax", r.linear(h, 5, 6));
        // opset 11: one softmax over the whole 2x3 tensor (axis 0, every axis from it on)
        String grid = r.node("View", attrs("shape", new long[] {2, 3}), r.linear(h, 6, 6));
        String s = r.node("Softmax", attrs("axis", 0L, "opset", 11L), grid);
        return r.build(Shape.of(4), r.linear(r.node("View", attrs("shape", new long[] {6}), s), 6, 2));
    }

    /** Log, Sqrt, Reciprocal of sigmoids; Pow with exponents 3, 2.5 and -1; Div of two computed values. */
    static Graph powerNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String log = r.node("Log", r.node("Sigmoid", r.linear("x", 4, 4)));
        String sqrt = r.node("Sqrt", r.node("Sigmoid", r.linear("x", 4, 4)));
        String reciprocal = r.node("Reciprocal", r.node("Sigmoid", r.linear("x", 4, 4)));
        String cube = r.node("Pow", r.node("Tanh", r.linear("x", 4, 4)), r.constant(Tensor.scalar(3)));
        String power = r.node("Pow", r.node("Sigmoid", r.linear("x", 4, 4)), r.constant(Tensor.scalar(2.5)));
        String inverse = r.node("Pow", r.node("Sigmoid", r.linear("x", 4, 4)), r.constant(Tensor.of(Shape.of(4), -1, -1, -1, -1)));
        String quotient = r.node("Div", r.node("Tanh", r.linear("x", 4, 4)), r.node("Sigmoid", r.linear("x", 4, 4)));
        String sum = r.node("Sum", log, sqrt, reciprocal, cube, power, inverse, quotient);
        return r.build(Shape.of(4), r.linear(r.node("Tanh", sum), 4, 2));
    }

    @Test
    void absAndClip() {
        StructuralGradientsTest.check(kinkNet(1), new double[] {1, -0.5}, 21);
    }

    @Test
    void geluErfAndSoftmax() {
        StructuralGradientsTest.check(smoothNet(2), new double[] {-1, 2}, 22);
    }

    @Test
    void logSqrtReciprocalPowAndDiv() {
        StructuralGradientsTest.check(powerNet(3), new double[] {0.5, 1}, 23);
    }

    /**
     * At a kink every Clarke element must be inside the entry bounds: y = W |x| at x = 0 has the
     * gradients (c^T W) diag(s) for every s in [-1, 1]^n; y = W clip(x, -1, 0.5) at x = 0.5 those
     * with s in [0, 1]^n. Checked at the ends of the Clarke intervals, on a box around the kink.
     */
    @Test
    void clarkeIntervalsAtTheKinks() {
        for (boolean abs : new boolean[] {true, false}) {
            RandomGraphs r = new RandomGraphs(5);
            String h = abs ? r.node("Abs", "x")
                : r.node("Clip", "x", r.constant(Tensor.scalar(-1)), r.constant(Tensor.scalar(0.5)));
            Graph net = r.build(Shape.of(3), r.linear(h, 3, 2));
            double[] c = {1, -2};
            double[] kink = abs ? new double[3] : new double[] {0.5, 0.5, 0.5};
            double[] w = new Evaluator(JacobianGraph.gradient(net, c)).evaluate(abs ? new double[] {1, 1, 1} : new double[3]);
            for (Lipschitz.Method m : new Lipschitz.Method[] {Lipschitz.Method.IBP, Lipschitz.Method.CROWN, Lipschitz.Method.ALPHA_CROWN}) {
                for (double eps : new double[] {0, 0.1}) {
                    LipschitzBound b = Lipschitz.of(net).method(m).samples(10, 1).bound(LipschitzTest.ball(kink, eps), c);
                    for (int i = 0; i < 3; i++) {
                        double low = abs ? -Math.abs(w[i]) : Math.min(0, w[i]);
                        double high = abs ? Math.abs(w[i]) : Math.max(0, w[i]);
                        assertTrue(b.entries().lower()[i] <= low && b.entries().upper()[i] >= high, (abs ? "Abs " : "Clip ") + m
                            + " eps " + eps + " entry " + i + ": [" + b.entries().lower()[i] + ", " + b.entries().upper()[i]
                            + "] misses the Clarke interval [" + low + ", " + high + "]");
                    }
                    double clarke = 0;
                    for (double v : w) {
                        clarke += Math.abs(v);
                    }
                    assertTrue(b.upper() >= clarke, m + " upper " + b.upper() + " below the Clarke element's norm " + clarke);
                }
            }
        }
    }

    /**
     * Branch and bound's graph takes a split side at 0 for Abs (its kink is at 0) but never for
     * Clip, whose kinks are elsewhere: a ReluGrad of Clip's must keep the whole Clarke interval.
     */
    @Test
    void onlyKinksAtZeroTakeASplitSide() {
        Graph closed = JacobianGraph.l1Norm(kinkNet(1), new double[] {1, 0}, true);
        int abs = 0;
        int clip = 0;
        for (Node n : closed.nodes()) {
            boolean side = n.attributes().getInt("closed_at_zero", 0) == 1;
            if (n.opType().equals("LeakyReluGrad")) {
                assertTrue(side, "Abs's derivative node " + n.describe() + " takes no split side");
                abs++;
            } else if (n.opType().equals("ReluGrad")) {
                assertFalse(side, "Clip's derivative node " + n.describe() + " takes a split side");
                clip++;
            }
        }
        assertEquals(1, abs);
        assertEquals(5, clip);
    }

    /**
     * sqrt' is unbounded at 0: on a box touching 0 every method's bound (and the naive one) is
     * +inf, never NaN or a finite claim; away from 0 it is finite and above every sampled gradient.
     */
    @Test
    void sqrtAtZeroIsUnbounded() {
        RandomGraphs r = new RandomGraphs(6);
        Graph net = r.build(Shape.of(2), r.linear(r.node("Sqrt", "x"), 2, 1));
        double[] c = {1};
        Interval touching = new Interval(new double[] {0, 0.5}, new double[] {1, 1});
        for (Lipschitz.Method m : Lipschitz.Method.values()) {
            LipschitzBound b = Lipschitz.of(net).method(m).samples(10, 1).bound(touching, c);
            assertEquals(Double.POSITIVE_INFINITY, b.upper(), m + " on a box touching 0");
        }
        Interval away = new Interval(new double[] {0.25, 0.5}, new double[] {1, 1});
        Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
        double[] corner = grad.evaluate(new double[] {0.25, 0.5});
        for (Lipschitz.Method m : new Lipschitz.Method[] {Lipschitz.Method.IBP, Lipschitz.Method.CROWN, Lipschitz.Method.ALPHA_CROWN}) {
            LipschitzBound b = Lipschitz.of(net).method(m).samples(10, 1).bound(away, c);
            assertTrue(Double.isFinite(b.upper()) && b.upper() >= InputNorm.LINF.dual(corner), m + ": " + b.upper());
        }
    }

    /** Operators whose gradients are not supported are refused with one line naming the node. */
    @Test
    void unsupportedFormsAreRefusedNamingTheNode() {
        RandomGraphs r = new RandomGraphs(7);
        String a = r.node("Sigmoid", r.linear("x", 3, 4));
        String broadcast = r.node("Div", a, r.node("Sigmoid", r.linear("x", 3, 1)));
        Graph div = r.build(Shape.of(3), r.linear(broadcast, 4, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> JacobianGraph.gradient(div, new double[] {1}));
        assertTrue(e.getMessage().contains("Div") && e.getMessage().contains("broadcast") && !e.getMessage().contains("\n"),
            e.getMessage());
        RandomGraphs q = new RandomGraphs(8);
        String base = q.node("Sigmoid", q.linear("x", 3, 4));
        Graph pow = q.build(Shape.of(3), q.linear(q.node("Pow", base, q.node("Sigmoid", q.linear("x", 3, 4))), 4, 1));
        e = assertThrows(IllegalArgumentException.class, () -> JacobianGraph.gradient(pow, new double[] {1}));
        assertTrue(e.getMessage().contains("Pow") && e.getMessage().contains("constant"), e.getMessage());
    }

    /** The naive bound multiplies the gains: 1/2 for Softmax, the largest |GELU'| (about 1.13) for Gelu. */
    @Test
    void naiveGains() {
        RandomGraphs r = new RandomGraphs(9);
        Graph softmax = r.build(Shape.of(3), r.node("Softmax", "x"));
        double softmaxGain = JacobianGraph.naive(softmax, new double[] {1, 0, 0}, InputNorm.LINF);
        // 1/2, raised by the naive bound's outward rounding
        assertTrue(softmaxGain >= 0.5 && softmaxGain < 0.5 + 1e-12, "softmax gain " + softmaxGain);
        RandomGraphs g = new RandomGraphs(10);
        Graph gelu = g.build(Shape.of(1), g.node("Gelu", "x"));
        double gain = JacobianGraph.naive(gelu, new double[] {1}, InputNorm.LINF);
        // GELU' = Phi(x) + x phi(x) peaks at x = sqrt 2: 1.1289...
        double peak = new Evaluator(JacobianGraph.gradient(gelu, new double[] {1})).evaluate(new double[] {Math.sqrt(2)})[0];
        assertTrue(gain >= peak && gain < peak + 1e-9, gain + " vs " + peak);
        SplittableRandom rnd = new SplittableRandom(11);
        Evaluator grad = new Evaluator(JacobianGraph.gradient(gelu, new double[] {1}));
        for (int t = 0; t < 1000; t++) {
            double x = rnd.nextDouble(-10, 10);
            assertTrue(Math.abs(grad.evaluate(new double[] {x})[0]) <= gain);
        }
    }
}
