package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.stream.IntStream;

/** {@code Linear(x, W, b)}: exact. Backward: A_x += A W per group of the leading dimensions; bias += A b. */
public final class LinearRelaxation implements Relaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        Interval x = inputs.get(0);
        int groups = x.size() / in;
        double[] lo = new double[groups * out];
        double[] hi = new double[groups * out];
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < out; o++) {
                double l = b == null ? 0 : b.get(o);
                double u = l;
                for (int i = 0; i < in; i++) {
                    double wi = w.get(o * in + i);
                    double xl = x.lower()[g * in + i];
                    double xu = x.upper()[g * in + i];
                    l += wi * (wi >= 0 ? xl : xu);
                    u += wi * (wi >= 0 ? xu : xl);
                }
                lo[g * out + o] = l;
                hi[g * out + o] = u;
            }
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Tensor w = step.graph().constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : step.graph().constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        double[] wd = w.data();
        double[] bd = b == null ? null : b.data();
        int groups = step.inputShape(0).size() / in;
        int blocks = (step.rows() + ROW_BLOCK - 1) / ROW_BLOCK;
        // rows are independent: blocks run in parallel, each reading every weight row once for ROW_BLOCK rows
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int k0 = blk * ROW_BLOCK;
            int k1 = Math.min(step.rows(), k0 + ROW_BLOCK);
            for (int g = 0; g < groups; g++) {
                backwardBlock(a, acc, bias, wd, bd, k0, k1, g, groups, out, in);
            }
        });
    }

    private static final int ROW_BLOCK = 4;

    /** acc[k, g, :] += sum_o a[k, g, o] W[o, :] and bias[k] += sum_o a[k, g, o] b[o] for rows k0..k1-1. */
    private static void backwardBlock(double[] a, double[] acc, double[] bias, double[] w, double[] b, int k0, int k1,
                                      int g, int groups, int out, int in) {
        int nOut = groups * out;
        int nIn = groups * in;
        double[] coef = new double[ROW_BLOCK];
        for (int o = 0; o < out; o++) {
            boolean any = false;
            for (int k = k0; k < k1; k++) {
                coef[k - k0] = a[k * nOut + g * out + o];
                any |= coef[k - k0] != 0;
            }
            if (!any) {
                continue;
            }
            int wBase = o * in;
            if (k1 - k0 == ROW_BLOCK) {
                double c0 = coef[0], c1 = coef[1], c2 = coef[2], c3 = coef[3];
                int r0 = k0 * nIn + g * in, r1 = r0 + nIn, r2 = r1 + nIn, r3 = r2 + nIn;
                for (int i = 0; i < in; i++) {
                    double wi = w[wBase + i];
                    acc[r0 + i] += c0 * wi;
                    acc[r1 + i] += c1 * wi;
                    acc[r2 + i] += c2 * wi;
                    acc[r3 + i] += c3 * wi;
                }
            } else {
                for (int k = k0; k < k1; k++) {
                    double c = coef[k - k0];
                    int r = k * nIn + g * in;
                    for (int i = 0; i < in; i++) {
                        acc[r + i] += c * w[wBase + i];
                    }
                }
            }
            if (b != null) {
                for (int k = k0; k < k1; k++) {
                    bias[k] += coef[k - k0] * b[o];
                }
            }
        }
    }
}
