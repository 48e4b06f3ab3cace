package io.netverify.bounds.lipschitz;

import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chain rules of max pooling (MaxPool, GlobalMaxPool), of the copy operators (Concat, Split,
 * Slice, Transpose, Pad, Gather, Tile, Expand), Sum, Mul, Sin, Cos and Exp, on small nets that use them: the
 * Jacobian graph agrees with finite differences; at eps = 0 every method's bounds are the exact
 * gradient (to 1e-9); and over narrow, wide and zero-touching boxes every method's bounds hold for
 * 10^4 sampled gradients (l_inf inputs, alpha-CROWN on the wide box only; naive and CROWN also in
 * l_1 and l_2 on the wide box).
 */
class StructuralGradientsTest {
    static Attributes attrs(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new Attributes(m);
    }

    static String ints(RandomGraphs g, long... v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return g.constant(Tensor.of(Shape.of(v.length), d));
    }

    /**
     * A convolution, then three branches: ReLU and a padded ceil-mode 3x3 max pool of stride 2; tanh
     * and an overlapping 2x2 max pool; sigmoid and GlobalMaxPool; concatenated into a Linear.
     */
    static Graph maxPoolNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String c = r.node("Conv", attrs("pads", new long[] {1, 1, 1, 1}), "x", r.constant(r.gaussian(0.5, 2, 1, 3, 3)),
            r.constant(r.gaussian(0.2, 2)));
        String a = r.node("MaxPool", attrs("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
            "pads", new long[] {1, 1, 1, 1}, "ceil_mode", 1L), r.node("Relu", c));
        String b = r.node("MaxPool", attrs("kernel_shape", new long[] {2, 2}), r.node("Tanh", c));
        String g = r.node("GlobalMaxPool", r.node("Sigmoid", c));
        String flat = r.node("Concat", attrs("axis", 1L), r.node("View", attrs("shape", new long[] {1, 32}), a),
            r.node("View", attrs("shape", new long[] {1, 50}), b), r.node("View", attrs("shape", new long[] {1, 2}), g));
        return r.build(Shape.of(1, 1, 6, 6), r.linear(flat, 84, 2));
    }

    /** Max pooling straight on the input: windows whose maximum changes inside the box. */
    static Graph inputPoolNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("MaxPool", attrs("kernel_shape", new long[] {2, 2}), "x");
        h = r.node("View", attrs("shape", new long[] {1, 9}), h);
        return r.build(Shape.of(1, 1, 4, 4), r.linear(r.node("Tanh", r.linear(h, 9, 5)), 5, 2));
    }

    /** View, Transpose, Slice, Pad, Split, Mul, Sum, Gather, Concat, Tile, Expand between tanh and ReLU layers. */
    static Graph copyNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Tanh", r.linear("x", 5, 8));
        String t = r.node("Transpose", r.node("View", attrs("shape", new long[] {2, 4}), h));
        String s = r.node("Slice", t, ints(r, 1), ints(r, 4), ints(r, 0));
        String p = r.node("Pad", r.node("View", attrs("shape", new long[] {6}), s), ints(r, 1, 1));
        String[] halves = r.nodes("Split", attrs("axis", 0L), 2, p);
        String m = r.node("Mul", halves[0], halves[1]);
        String relu = r.node("Relu", r.linear("x", 5, 4));
        String sum = r.node("Sum", m, relu, halves[0]);
        String gathered = r.node("Gather", attrs("axis", 0L), h, ints(r, 0, 3, 3, 7));
        String cat = r.node("Concat", attrs("axis", 0L), sum, gathered);
        String tiled = r.node("Tile", cat, ints(r, 2));
        String expanded = r.node("View", attrs("shape", new long[] {8}),
            r.node("Expand", r.node("View", attrs("shape", new long[] {1, 4}), sum), ints(r, 2, 4)));
        String all = r.node("Concat", attrs("axis", 0L), tiled, expanded);
        return r.build(Shape.of(5), r.linear(r.node("Tanh", all), 24, 3));
    }

    /** Sin, Cos and Exp between linear layers (their derivatives as products with cos, -sin and exp of the forward values). */
    static Graph periodicNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Sin", r.linear("x", 4, 6));
        h = r.node("Cos", r.linear(h, 6, 6));
        h = r.node("Exp", r.linear(h, 6, 5));
        return r.build(Shape.of(4), r.linear(h, 5, 2));
    }

    @Test
    void sinCosAndExp() {
        check(periodicNet(4), new double[] {1, -1}, 14);
    }

    @Test
    void maxPooling() {
        check(maxPoolNet(1), new double[] {1, -2}, 11);
        check(inputPoolNet(2), new double[] {0.5, 1}, 12);
    }

    @Test
    void copyOperatorsSumAndMul() {
        check(copyNet(3), new double[] {1, -0.5, 2}, 13);
    }

    static void check(Graph net, double[] c, long seed) {
        int n = net.inputs().get(0).shape().size();
        SplittableRandom rnd = new SplittableRandom(seed);
        Evaluator f = new Evaluator(net);
        Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
        for (int t = 0; t < 3; t++) {
            double[] x = LipschitzTest.randomPoint(rnd, LipschitzTest.ball(new double[n], 1));
            double[] g = grad.evaluate(x);
            for (int i = 0; i < n; i++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[i] += 1e-6;
                xm[i] -= 1e-6;
                assertEquals((dot(c, f.evaluate(xp)) - dot(c, f.evaluate(xm))) / 2e-6, g[i], 1e-5, "entry " + i);
            }
            // alpha-CROWN (slow) at one point
            for (Lipschitz.Method m : t == 0 ? new Lipschitz.Method[] {Lipschitz.Method.IBP, Lipschitz.Method.CROWN,
                Lipschitz.Method.ALPHA_CROWN} : new Lipschitz.Method[] {Lipschitz.Method.IBP, Lipschitz.Method.CROWN}) {
                LipschitzBound b = Lipschitz.of(net).method(m).samples(1, 1).bound(LipschitzTest.ball(x, 0), c);
                for (int i = 0; i < n; i++) {
                    assertEquals(g[i], b.entries().lower()[i], 1e-9, m + " entry " + i);
                    assertEquals(g[i], b.entries().upper()[i], 1e-9, m + " entry " + i);
                }
                assertEquals(InputNorm.LINF.dual(g), b.upper(), 1e-9, m.toString());
            }
        }
        double[] centre = LipschitzTest.randomPoint(rnd, LipschitzTest.ball(new double[n], 0.5));
        Interval[] boxes = {LipschitzTest.ball(centre, 1e-3), LipschitzTest.ball(centre, 1), zeroTouching(centre, true),
            zeroTouching(centre, false)};
        for (Interval box : boxes) {
            double[][] points = new double[2_500][];
            for (int s = 0; s < points.length; s++) {
                points[s] = LipschitzTest.randomPoint(rnd, box);
            }
            // the box's corner and centre too
            points[0] = box.lower().clone();
            points[1] = box.upper().clone();
            double[][] grads = grad.evaluateBatch(points);
            // l_1 and l_2 inputs on the wide box only
            for (InputNorm norm : box == boxes[1] ? InputNorm.values() : new InputNorm[] {InputNorm.LINF}) {
                // alpha-CROWN (slow) on the wide box
                for (Lipschitz.Method m : norm != InputNorm.LINF ? new Lipschitz.Method[] {Lipschitz.Method.NAIVE, Lipschitz.Method.CROWN}
                    : box == boxes[1] ? Lipschitz.Method.values()
                    : new Lipschitz.Method[] {Lipschitz.Method.NAIVE, Lipschitz.Method.IBP, Lipschitz.Method.CROWN}) {
                    LipschitzBound b = Lipschitz.of(net).norm(norm).method(m).samples(10, 1).bound(box, c);
                    assertTrue(b.lower() <= b.upper(), norm + " " + m + ": sampled " + b.lower() + " > " + b.upper());
                    for (double[] g : grads) {
                        if (norm.dual(g) > b.upper() || !b.entries().contains(g, 0)) {
                            fail(norm + " " + m + ": gradient of norm " + norm.dual(g) + " outside the bounds, upper " + b.upper());
                        }
                    }
                }
            }
        }
    }

    /** A box with one end at 0 in every coordinate, on the side of the centre's sign ({@code below}: [-w, 0]). */
    private static Interval zeroTouching(double[] centre, boolean below) {
        double[] l = new double[centre.length];
        double[] u = new double[centre.length];
        for (int i = 0; i < l.length; i++) {
            double w = 0.2 + Math.abs(centre[i]);
            l[i] = below ? -w : 0;
            u[i] = below ? 0 : w;
        }
        return new Interval(l, u);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
