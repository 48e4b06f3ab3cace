package io.netverify.verifier.bounds;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interval propagation in 60-digit decimal arithmetic, for networks of Linear, ReLU, LeakyReLU and
 * View nodes: the IBP bounds of real arithmetic (to far beyond double precision), against which
 * both our float64 IBP and the float32 reference are measured. Margins {@code C y - d} fold C into
 * a final Linear node, as {@link io.netverify.bounds.BoundPropagator} does.
 */
final class ExactIntervals {
    private static final MathContext MC = new MathContext(60);
    private static final Set<String> SUPPORTED = Set.of("Linear", "Relu", "LeakyRelu", "View");
    /** LeakyReLU's ONNX default slope, as the relaxation reads it (a float). */
    private static final float DEFAULT_ALPHA = 0.01f;

    private ExactIntervals() {
    }

    /** Whether every node of the graph is one this class propagates exactly. */
    static boolean supports(Graph g) {
        return g.nodes().stream().allMatch(n -> SUPPORTED.contains(n.opType()));
    }

    /** Exact IBP bounds of {@code C y - d} over the box: {lower, upper}, one entry per row of C. */
    static BigDecimal[][] margins(Graph g, Interval box, double[][] c, double[] d) {
        Map<String, BigDecimal[][]> values = new HashMap<>();
        values.put(g.inputs().get(0).name(), new BigDecimal[][] {decimals(box.lower()), decimals(box.upper())});
        List<Node> nodes = g.nodes();
        Node last = g.producer(g.outputs().get(0));
        for (Node n : nodes) {
            BigDecimal[][] x = values.get(n.input(0));
            BigDecimal[][] y = switch (n.opType()) {
                case "View" -> x;
                case "Relu" -> monotone(x, BigDecimal.ZERO);
                case "LeakyRelu" -> monotone(x, new BigDecimal(n.attributes().getFloat("alpha", DEFAULT_ALPHA)));
                case "Linear" -> n == last ? linear(g, n, x, c, d) : linear(g, n, x, null, null);
                default -> throw new IllegalArgumentException("not exact: " + n.describe());
            };
            values.put(n.output(), y);
        }
        BigDecimal[][] out = values.get(g.outputs().get(0));
        return last != null && last.opType().equals("Linear") ? out : combine(out, c, d);
    }

    /** max(x, slope x) (slope 0: ReLU), monotone, so the ends map to the ends. */
    private static BigDecimal[][] monotone(BigDecimal[][] x, BigDecimal slope) {
        BigDecimal[][] y = new BigDecimal[2][x[0].length];
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < y[s].length; i++) {
                y[s][i] = x[s][i].signum() >= 0 ? x[s][i] : x[s][i].multiply(slope, MC);
            }
        }
        return y;
    }

    /** W x + b (or, with c, the rows of C W and C b - d), each term at the end of x its sign picks. */
    private static BigDecimal[][] linear(Graph g, Node n, BigDecimal[][] x, double[][] c, double[] d) {
        Tensor wt = g.constant(n.input(1));
        int out = wt.shape().dim(0);
        int in = wt.shape().dim(1);
        if (x[0].length != in) {
            throw new IllegalArgumentException("not exact: " + n.describe() + " applies W to several groups of its input");
        }
        BigDecimal[][] w = new BigDecimal[out][in];
        BigDecimal[] b = new BigDecimal[out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o][i] = new BigDecimal(wt.get(o * in + i));
            }
            b[o] = n.input(2).isEmpty() ? BigDecimal.ZERO : new BigDecimal(g.constant(n.input(2)).get(o));
        }
        if (c != null) {
            BigDecimal[][] cw = new BigDecimal[c.length][in];
            BigDecimal[] cb = new BigDecimal[c.length];
            for (int k = 0; k < c.length; k++) {
                cb[k] = new BigDecimal(d[k]).negate();
                for (int i = 0; i < in; i++) {
                    cw[k][i] = BigDecimal.ZERO;
                }
                for (int o = 0; o < out; o++) {
                    BigDecimal ck = new BigDecimal(c[k][o]);
                    if (ck.signum() == 0) {
                        continue;
                    }
                    cb[k] = cb[k].add(ck.multiply(b[o], MC), MC);
                    for (int i = 0; i < in; i++) {
                        cw[k][i] = cw[k][i].add(ck.multiply(w[o][i], MC), MC);
                    }
                }
            }
            w = cw;
            b = cb;
        }
        BigDecimal[][] y = new BigDecimal[2][w.length];
        for (int o = 0; o < w.length; o++) {
            BigDecimal lo = b[o];
            BigDecimal hi = b[o];
            for (int i = 0; i < in; i++) {
                BigDecimal p = w[o][i].multiply(x[0][i], MC);
                BigDecimal q = w[o][i].multiply(x[1][i], MC);
                lo = lo.add(p.min(q), MC);
                hi = hi.add(p.max(q), MC);
            }
            y[0][o] = lo;
            y[1][o] = hi;
        }
        return y;
    }

    /** Interval arithmetic for {@code C y - d} when the output is not a Linear node. */
    private static BigDecimal[][] combine(BigDecimal[][] y, double[][] c, double[] d) {
        BigDecimal[][] m = new BigDecimal[2][c.length];
        for (int k = 0; k < c.length; k++) {
            BigDecimal lo = new BigDecimal(d[k]).negate();
            BigDecimal hi = lo;
            for (int o = 0; o < c[k].length; o++) {
                BigDecimal ck = new BigDecimal(c[k][o]);
                BigDecimal p = ck.multiply(y[0][o], MC);
                BigDecimal q = ck.multiply(y[1][o], MC);
                lo = lo.add(p.min(q), MC);
                hi = hi.add(p.max(q), MC);
            }
            m[0][k] = lo;
            m[1][k] = hi;
        }
        return m;
    }

    private static BigDecimal[] decimals(double[] v) {
        BigDecimal[] r = new BigDecimal[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = new BigDecimal(v[i]);
        }
        return r;
    }
}
