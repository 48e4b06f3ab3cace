package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/**
 * {@code Gemm} left unnormalised: {@code Y = alpha A' B' + beta C} with {@code A' = transA ? A^T : A}
 * [M, K], {@code B' = transB ? B^T : B} [K, N], C constant and exactly one of A and B computed: a
 * linear map of that operand, whichever side of the product it is on (so the LP encodes it by its
 * {@link #affineRows}). With both computed the node is a product, which has no relaxation here.
 */
public final class GemmRelaxation implements Relaxation {
    /**
     * {@code Y[r, j] = sum_i w[r wr + j wj + i] x[r xr + j xj + i xi] + c[r n + j]}: x is the computed
     * operand (input {@code computed}, flat), w is alpha times the constant operand laid out with K
     * innermost, c is beta C broadcast (null without C).
     */
    private record Weights(int computed, int m, int k, int n, double[] w, int wr, int wj, int xr, int xj, int xi, double[] c) {
        double weight(int r, int j, int i) {
            return w[r * wr + j * wj + i];
        }

        int input(int r, int j, int i) {
            return r * xr + j * xj + i * xi;
        }

        double bias(int r, int j) {
            return c == null ? 0 : c[r * n + j];
        }
    }

    private final NodeCache<Weights> weights = new NodeCache<>();

    private Weights weights(Node node, Graph graph) {
        return weights.get(graph, node, () -> {
            OperatorCalls.requireConstant(node, graph, i -> i < 2);
            boolean constantA = graph.isConstant(node.input(0));
            if (constantA == graph.isConstant(node.input(1))) {
                throw new NoRelaxationException(node.describe() + ": bound propagation needs exactly one of A and B to be "
                    + "constant, found " + (constantA ? "both" : "neither"));
            }
            boolean transA = node.attributes().getInt("transA", 0) != 0;
            boolean transB = node.attributes().getInt("transB", 0) != 0;
            double alpha = node.attributes().getFloat("alpha", 1);
            double beta = node.attributes().getFloat("beta", 1);
            Shape a = graph.shape(node.input(0));
            Shape b = graph.shape(node.input(1));
            int m = transA ? a.dim(1) : a.dim(0);
            int k = transA ? a.dim(0) : a.dim(1);
            int n = transB ? b.dim(0) : b.dim(1);
            Tensor c = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
            double[] cb = null;
            if (c != null && beta != 0) {
                int[] map = Broadcast.indexMap(c.shape(), Shape.of(m, n));
                cb = new double[m * n];
                for (int i = 0; i < cb.length; i++) {
                    cb[i] = beta * c.get(map[i]);
                }
            }
            if (constantA) {
                // w[r k + i] = alpha A'[r, i]; x[i, j] = B'[i, j]
                Tensor t = graph.constant(node.input(0));
                double[] w = new double[m * k];
                for (int r = 0; r < m; r++) {
                    for (int i = 0; i < k; i++) {
                        w[r * k + i] = alpha * t.get(transA ? i * m + r : r * k + i);
                    }
                }
                return new Weights(1, m, k, n, w, k, 0, 0, transB ? k : 1, transB ? 1 : n, cb);
            }
            // w[j k + i] = alpha B'[i, j]; x[r, i] = A'[r, i]
            Tensor t = graph.constant(node.input(1));
            double[] w = new double[n * k];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < k; i++) {
                    w[j * k + i] = alpha * t.get(transB ? j * k + i : i * n + j);
                }
            }
            return new Weights(0, m, k, n, w, 0, k, transA ? 1 : k, 0, transA ? m : 1, cb);
        });
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Weights g = weights(node, graph);
        Interval x = inputs.get(g.computed());
        double[] lo = new double[g.m() * g.n()];
        double[] hi = new double[lo.length];
        double[] magnitude = new double[lo.length];
        for (int r = 0; r < g.m(); r++) {
            for (int j = 0; j < g.n(); j++) {
                double c = g.bias(r, j);
                double l = c;
                double u = c;
                double mag = Math.abs(c);
                for (int i = 0; i < g.k(); i++) {
                    double wi = g.weight(r, j, i);
                    int at = g.input(r, j, i);
                    double xl = x.lower()[at];
                    double xu = x.upper()[at];
                    l += wi * (wi >= 0 ? xl : xu);
                    u += wi * (wi >= 0 ? xu : xl);
                    mag += Math.abs(wi) * Math.max(Math.abs(xl), Math.abs(xu));
                }
                lo[r * g.n() + j] = l;
                hi[r * g.n() + j] = u;
                magnitude[r * g.n() + j] = mag;
            }
        }
        // the evaluator's sum and ours, and alpha applied after the sum there, before it here
        return List.of(OutwardRounding.widen(lo, hi, magnitude, 3, g.k() + 2L));
    }

    @Override
    public boolean affine(Node node, Graph graph) {
        return graph.isConstant(node.input(0)) != graph.isConstant(node.input(1))
            && (node.input(2).isEmpty() || graph.isConstant(node.input(2)));
    }

    @Override
    public void affineRows(Node node, Graph graph, AffineRows rows) {
        Weights g = weights(node, graph);
        for (int r = 0; r < g.m(); r++) {
            for (int j = 0; j < g.n(); j++) {
                for (int i = 0; i < g.k(); i++) {
                    rows.term(g.computed(), g.input(r, j, i), g.weight(r, j, i));
                }
                rows.end(g.bias(r, j));
            }
        }
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Weights g = weights(node, step.graph());
        double[] a = step.coefficients();
        double[] acc = step.accumulator(g.computed());
        double[] bias = step.bias();
        int out = g.m() * g.n();
        int in = step.inputShape(g.computed()).size();
        for (int row = 0; row < step.rows(); row++) {
            double b = 0;
            for (int r = 0; r < g.m(); r++) {
                for (int j = 0; j < g.n(); j++) {
                    double ak = a[row * out + r * g.n() + j];
                    if (ak == 0) {
                        continue;
                    }
                    for (int i = 0; i < g.k(); i++) {
                        acc[row * in + g.input(r, j, i)] += ak * g.weight(r, j, i);
                    }
                    b += ak * g.bias(r, j);
                }
            }
            bias[row] += b;
        }
    }
}
