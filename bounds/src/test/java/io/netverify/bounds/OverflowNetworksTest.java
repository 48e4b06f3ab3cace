package io.netverify.bounds;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whole networks whose values reach the ends of float64 (overflow to infinity, underflow of slopes
 * and tangent points): every bound method gives bounds without NaN that hold at the exact
 * evaluation of the box's corners and of sampled points.
 */
class OverflowNetworksTest {
    /** z = 390 - 3 sum |x_i - a_i| over [0, 1]^6, u = e^z in [~1e165, ~1e169], y = g(u). */
    private static Graph peak(RandomGraphs r, double[] a, String tail) {
        int n = a.length;
        String d = r.node("Abs", r.node("Sub", "x", r.constant(Tensor.of(Shape.of(1, n), a))));
        double[] w = new double[n];
        java.util.Arrays.fill(w, -3);
        String z = r.node("Linear", d, r.constant(Tensor.of(Shape.of(1, n), w)), r.constant(Tensor.of(Shape.of(1), 390)));
        String u = r.node("Exp", z);
        String y = tail.equals("Reciprocal") ? r.node("Reciprocal", u)
            : r.node("Div", r.node("Exp", r.node("Linear", d, r.constant(Tensor.of(Shape.of(1, n), new double[n])),
                r.constant(Tensor.of(Shape.of(1), 0)))), u);
        return r.build(Shape.of(1, n), y);
    }

    /**
     * The reciprocal's tangent slope -1/d^2 underflows to 0 for d > 1e154: taken as exact, the tangent
     * is a constant above the curve, and the lower bound 2 e^-390 would prove a false property.
     */
    @Test
    void reciprocalOfAHugeExponentialKeepsItsMinimum() {
        for (String tail : new String[] {"Reciprocal", "Div"}) {
            for (int seed = 0; seed < 3; seed++) {
                RandomGraphs r = new RandomGraphs(seed);
                SplittableRandom rnd = new SplittableRandom(seed);
                double[] a = new double[6];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rnd.nextDouble();
                }
                Graph g = peak(r, a, tail);
                Interval box = new Interval(new double[6], filled(6, 1));
                double minimum = new Evaluator(g).evaluate(a)[0];
                for (BoundMethod m : BoundMethod.values()) {
                    Bounds b = BoundPropagator.of(g).method(m).compute(box);
                    assertTrue(b.lower()[0] <= minimum, tail + " " + m + " lower bound " + b.lower()[0]
                        + " is above the value " + minimum + " at x = a");
                    checkSound(g, box, b, seed);
                }
            }
        }
    }

    /** Exp on [1e15, 1e15 + 1e3] is [inf, inf] in float64; its bounds must not be NaN. */
    @Test
    void expOfAHugeIntervalIsInfiniteNotNaN() {
        RandomGraphs r = new RandomGraphs(1);
        Graph g = r.build(Shape.of(1, 1), r.node("Exp", "x"));
        everyMethodSoundWithoutNaN(g, new Interval(new double[] {1e15}, new double[] {1e15 + 1e3}));
    }

    /**
     * x -> Linear(w) -> Exp -> Linear near and past Exp's overflow (709.78): every method used to give
     * [NaN, NaN] with w = 1e10.
     */
    @Test
    void linearExpLinearPastOverflow() {
        for (double w : new double[] {1, 1e10, -1e10, 1e300}) {
            RandomGraphs r = new RandomGraphs(2);
            String h = r.node("Exp", r.node("Linear", "x", r.constant(Tensor.of(Shape.of(2, 1), w, 1)),
                r.constant(Tensor.of(Shape.of(2), 0, 0))));
            Graph g = r.build(Shape.of(1, 1), r.node("Linear", h, r.constant(Tensor.of(Shape.of(2, 2), 1, -1, 0.5, 2)),
                r.constant(Tensor.of(Shape.of(2), 0, 1))));
            everyMethodSoundWithoutNaN(g, new Interval(new double[] {709.9}, new double[] {710}));
            everyMethodSoundWithoutNaN(g, new Interval(new double[] {709.0}, new double[] {709.5}));
        }
    }

    /** Overflowing pre-activations give ReLU the interval [-inf, inf]; its lines must not be NaN. */
    @Test
    void reluOfAnOverflowingLayer() {
        RandomGraphs r = new RandomGraphs(3);
        String h = r.node("Relu", r.node("Linear", "x", r.constant(Tensor.of(Shape.of(2, 1), 1e308, -1)),
            r.constant(Tensor.of(Shape.of(2), 0, 0))));
        Graph g = r.build(Shape.of(1, 1), r.node("Linear", h, r.constant(Tensor.of(Shape.of(2, 2), 1, 1, 1, 2)),
            r.constant(Tensor.of(Shape.of(2), 0, 0))));
        everyMethodSoundWithoutNaN(g, new Interval(new double[] {-10}, new double[] {10}));
        everyMethodSoundWithoutNaN(g, new Interval(new double[] {-1e300}, new double[] {1e300}));
    }

    private static void everyMethodSoundWithoutNaN(Graph g, Interval box) {
        for (BoundMethod m : BoundMethod.values()) {
            Bounds b = BoundPropagator.of(g).method(m).compute(box);
            for (int k = 0; k < b.lower().length; k++) {
                assertFalse(Double.isNaN(b.lower()[k]) || Double.isNaN(b.upper()[k]),
                    m + " bound of output " + k + " is [" + b.lower()[k] + ", " + b.upper()[k] + "]");
            }
            checkSound(g, box, b, 7);
        }
    }

    /**
     * The corners and 500 random points, evaluated by the evaluator, lie within the bounds (no
     * tolerance); where the evaluation overflows to NaN, one bound must be infinite.
     */
    private static void checkSound(Graph g, Interval box, Bounds b, long seed) {
        Evaluator ev = new Evaluator(g);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = box.size();
        int corners = 1 << n;
        for (int s = 0; s < corners + 500; s++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double t = s < corners ? (s >> i & 1) : rnd.nextDouble();
                x[i] = Math.min(box.upper()[i], box.lower()[i] + t * (box.upper()[i] - box.lower()[i]));
            }
            double[] y = ev.evaluate(x);
            for (int k = 0; k < y.length; k++) {
                // NaN (inf - inf) stands for a finite real value beyond float64: no finite interval holds it
                boolean nan = Double.isNaN(y[k]) && Double.isFinite(b.lower()[k]) && Double.isFinite(b.upper()[k]);
                if (nan || !Double.isNaN(y[k]) && !(b.lower()[k] <= y[k] && y[k] <= b.upper()[k])) {
                    fail(b.method() + " bounds [" + b.lower()[k] + ", " + b.upper()[k] + "] of output " + k
                        + " miss " + y[k] + " at " + java.util.Arrays.toString(x));
                }
            }
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
