package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.IntStream;

/** {@code Linear(x, W, b)}: exact. Backward: A_x += A W per group of the leading dimensions; bias += A b. */
public final class LinearRelaxation implements Relaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] wd = w.data();
        Interval x = inputs.get(0);
        double[] xl = x.lower();
        double[] xu = x.upper();
        int groups = x.size() / in;
        double[] lo = new double[groups * out];
        double[] hi = new double[groups * out];
        for (int g = 0; g < groups; g++) {
            int xBase = g * in;
            for (int o = 0; o < out; o++) {
                double l = b == null ? 0 : b.get(o);
                double u = l;
                int wBase = o * in;
                for (int i = 0; i < in; i++) {
                    double wi = wd[wBase + i];
                    double p = wi * xl[xBase + i];
                    double q = wi * xu[xBase + i];
                    l += Math.min(p, q);
                    u += Math.max(p, q);
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
        double[] wt = TRANSPOSED.computeIfAbsent(w, t -> transpose(t.data(), out, in));
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int k0 = blk * ROW_BLOCK;
            int k1 = Math.min(step.rows(), k0 + ROW_BLOCK);
            for (int g = 0; g < groups; g++) {
                int[] active = k1 - k0 == ROW_BLOCK ? activeOutputs(a, k0, g, groups, out) : null;
                if (active != null && active.length * 8 >= out) {
                    denseBlock(a, acc, bias, wt, bd, k0, g, groups, out, in, active);
                } else {
                    backwardBlock(a, acc, bias, wd, bd, k0, k1, g, groups, out, in);
                }
            }
        });
    }

    /** W transposed ([in, out]) per weight tensor, so dense blocks read both operands contiguously. */
    private static final Map<Tensor, double[]> TRANSPOSED = Collections.synchronizedMap(new WeakHashMap<>());

    private static double[] transpose(double[] w, int out, int in) {
        double[] t = new double[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = w[o * in + i];
            }
        }
        return t;
    }

    /** The outputs o where some row of the block has a non-zero coefficient (the others contribute nothing). */
    private static int[] activeOutputs(double[] a, int k0, int g, int groups, int out) {
        int nOut = groups * out;
        int[] active = new int[out];
        int m = 0;
        for (int o = 0; o < out; o++) {
            int base = k0 * nOut + g * out + o;
            if (a[base] != 0 || a[base + nOut] != 0 || a[base + 2 * nOut] != 0 || a[base + 3 * nOut] != 0) {
                active[m++] = o;
            }
        }
        return java.util.Arrays.copyOf(active, m);
    }

    /**
     * A full block of rows: acc[k, i] += dot(a[k, :], W^T[i, :]) over the active outputs, with a
     * 4 x 4 tile of dot products in locals, so every 8 loads feed 16 multiply-adds.
     */
    private static void denseBlock(double[] a, double[] acc, double[] bias, double[] wt, double[] b, int k0, int g,
                                   int groups, int out, int in, int[] active) {
        int nOut = groups * out;
        int nIn = groups * in;
        int a0 = k0 * nOut + g * out;
        int a1 = a0 + nOut;
        int a2 = a1 + nOut;
        int a3 = a2 + nOut;
        int i = 0;
        for (; i + 4 <= in; i += 4) {
            int t0 = i * out;
            int t1 = t0 + out;
            int t2 = t1 + out;
            int t3 = t2 + out;
            double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int o : active) {
                double w0 = wt[t0 + o], w1 = wt[t1 + o], w2 = wt[t2 + o], w3 = wt[t3 + o];
                double x0 = a[a0 + o], x1 = a[a1 + o], x2 = a[a2 + o], x3 = a[a3 + o];
                c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3;
                c10 += x1 * w0; c11 += x1 * w1; c12 += x1 * w2; c13 += x1 * w3;
                c20 += x2 * w0; c21 += x2 * w1; c22 += x2 * w2; c23 += x2 * w3;
                c30 += x3 * w0; c31 += x3 * w1; c32 += x3 * w2; c33 += x3 * w3;
            }
            int r = k0 * nIn + g * in + i;
            acc[r] += c00; acc[r + 1] += c01; acc[r + 2] += c02; acc[r + 3] += c03;
            r += nIn;
            acc[r] += c10; acc[r + 1] += c11; acc[r + 2] += c12; acc[r + 3] += c13;
            r += nIn;
            acc[r] += c20; acc[r + 1] += c21; acc[r + 2] += c22; acc[r + 3] += c23;
            r += nIn;
            acc[r] += c30; acc[r + 1] += c31; acc[r + 2] += c32; acc[r + 3] += c33;
        }
        for (; i < in; i++) {
            for (int k = 0; k < ROW_BLOCK; k++) {
                double s = 0;
                int ak = a0 + k * nOut;
                for (int o : active) {
                    s += a[ak + o] * wt[i * out + o];
                }
                acc[(k0 + k) * nIn + g * in + i] += s;
            }
        }
        if (b != null) {
            for (int k = 0; k < ROW_BLOCK; k++) {
                double s = 0;
                for (int o = 0; o < out; o++) {
                    s += a[a0 + k * nOut + o] * b[o];
                }
                bias[k0 + k] += s;
            }
        }
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
