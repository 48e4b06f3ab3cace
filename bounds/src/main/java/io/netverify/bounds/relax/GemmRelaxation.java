package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/**
 * {@code Gemm} left unnormalised: {@code Y = alpha X B' + beta C} with X [M, K] the variable input
 * (transA = 0) and constant B (transB either way) and C. Other forms are not linear in one input
 * with constant weights, and are rejected.
 */
public final class GemmRelaxation implements Relaxation {
    /** {@code w[n * k + i]} = alpha B'[i, n]; {@code c[m * n + j]} = beta C broadcast (null without C). */
    private record Weights(int m, int k, int n, double[] w, double[] c) {
    }

    private final NodeCache<Weights> weights = new NodeCache<>();

    private Weights weights(Node node, Graph graph) {
        return weights.get(graph, node, () -> {
            if (node.attributes().getInt("transA", 0) != 0) {
                throw new NoRelaxationException(node.describe() + ": transA=1 is not supported for bound propagation");
            }
            OperatorCalls.requireConstant(node, graph, i -> i == 0);
            if (graph.isConstant(node.input(0))) {
                throw new NoRelaxationException(node.describe() + ": only input A may vary in bound propagation");
            }
            Tensor b = graph.constant(node.input(1));
            boolean transB = node.attributes().getInt("transB", 0) != 0;
            double alpha = node.attributes().getFloat("alpha", 1);
            double beta = node.attributes().getFloat("beta", 1);
            Shape a = graph.shape(node.input(0));
            int m = a.dim(0);
            int k = a.dim(1);
            int n = transB ? b.shape().dim(0) : b.shape().dim(1);
            double[] w = new double[n * k];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < k; i++) {
                    w[j * k + i] = alpha * (transB ? b.get(j * k + i) : b.get(i * n + j));
                }
            }
            Tensor c = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
            double[] cb = null;
            if (c != null && beta != 0) {
                int[] map = Broadcast.indexMap(c.shape(), Shape.of(m, n));
                cb = new double[m * n];
                for (int i = 0; i < cb.length; i++) {
                    cb[i] = beta * c.get(map[i]);
                }
            }
            return new Weights(m, k, n, w, cb);
        });
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Weights g = weights(node, graph);
        Interval x = inputs.get(0);
        double[] lo = new double[g.m() * g.n()];
        double[] hi = new double[lo.length];
        double[] magnitude = new double[lo.length];
        for (int r = 0; r < g.m(); r++) {
            for (int j = 0; j < g.n(); j++) {
                double c = g.c() == null ? 0 : g.c()[r * g.n() + j];
                double l = c;
                double u = c;
                double mag = Math.abs(c);
                for (int i = 0; i < g.k(); i++) {
                    double wi = g.w()[j * g.k() + i];
                    double xl = x.lower()[r * g.k() + i];
                    double xu = x.upper()[r * g.k() + i];
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
    public void backward(Node node, BackwardStep step) {
        Weights g = weights(node, step.graph());
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        int out = g.m() * g.n();
        int in = g.m() * g.k();
        for (int row = 0; row < step.rows(); row++) {
            double b = 0;
            for (int r = 0; r < g.m(); r++) {
                for (int j = 0; j < g.n(); j++) {
                    double ak = a[row * out + r * g.n() + j];
                    if (ak == 0) {
                        continue;
                    }
                    int base = row * in + r * g.k();
                    for (int i = 0; i < g.k(); i++) {
                        acc[base + i] += ak * g.w()[j * g.k() + i];
                    }
                    if (g.c() != null) {
                        b += ak * g.c()[r * g.n() + j];
                    }
                }
            }
            bias[row] += b;
        }
    }
}
