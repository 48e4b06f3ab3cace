package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/** {@code Linear(x, W, b)}: exact. Backward: A_x += A W per group of the leading dimensions; bias += A b. */
public final class LinearRelaxation implements Relaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[][] columns = weightColumns.get(graph, node, () -> columnsOf(w.data(), out, in));
        Interval x = inputs.get(0);
        double[] xl = x.lower();
        double[] xu = x.upper();
        int groups = x.size() / in;
        double[] lo = new double[groups * out];
        double[] hi = new double[groups * out];
        double[] l = new double[out];
        double[] u = new double[out];
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < out; o++) {
                l[o] = b == null ? 0 : b.get(o);
                u[o] = l[o];
            }
            // input by input over contiguous columns of W (vectorised); each output's sum keeps the order of i
            for (int i = 0; i < in; i++) {
                double xli = xl[g * in + i];
                double xui = xu[g * in + i];
                double[] col = columns[i];
                for (int o = 0; o < out; o++) {
                    double p = col[o] * xli;
                    double q = col[o] * xui;
                    l[o] += Math.min(p, q);
                    u[o] += Math.max(p, q);
                }
            }
            System.arraycopy(l, 0, lo, g * out, out);
            System.arraycopy(u, 0, hi, g * out, out);
        }
        return List.of(new Interval(lo, hi));
    }

    /** The columns of W ({@code in} arrays of {@code out}), for interval propagation. */
    private final NodeCache<double[][]> weightColumns = new NodeCache<>();

    private static double[][] columnsOf(double[] w, int out, int in) {
        double[][] c = new double[in][out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                c[i][o] = w[o * in + i];
            }
        }
        return c;
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
        double[] bd = b == null ? null : b.data();
        int groups = step.inputShape(0).size() / in;
        int rows = step.rows();
        double[][] wRows = weightRows.get(step.graph(), node, () -> rowsOf(w.data(), out, in));
        // rows are independent: blocks run in parallel on all cores
        Rows.range((rows + ROW_BLOCK - 1) / ROW_BLOCK, (long) ROW_BLOCK * out * in).forEach(blk -> {
            double[] sum = new double[in];
            int[] active = new int[out];
            for (int k = blk * ROW_BLOCK; k < Math.min(rows, (blk + 1) * ROW_BLOCK); k++) {
                for (int g = 0; g < groups; g++) {
                    int aBase = (k * groups + g) * out;
                    int m = 0;
                    for (int o = 0; o < out; o++) {
                        if (a[aBase + o] != 0) {
                            active[m++] = o;
                        }
                    }
                    if (m == 0) {
                        continue;
                    }
                    java.util.Arrays.fill(sum, 0);
                    combineRows(a, aBase, wRows, active, m, sum);
                    int accBase = (k * groups + g) * in;
                    for (int i = 0; i < in; i++) {
                        acc[accBase + i] += sum[i];
                    }
                    if (bd != null) {
                        double s = 0;
                        for (int j = 0; j < m; j++) {
                            s += a[aBase + active[j]] * bd[active[j]];
                        }
                        bias[k] += s;
                    }
                }
            }
        });
    }

    private static final int ROW_BLOCK = 8;

    /** The rows of W as separate arrays, so the product's inner loop indexes every array by i alone. */
    private final NodeCache<double[][]> weightRows = new NodeCache<>();

    private static double[][] rowsOf(double[] w, int out, int in) {
        double[][] r = new double[out][];
        for (int o = 0; o < out; o++) {
            r[o] = java.util.Arrays.copyOfRange(w, o * in, (o + 1) * in);
        }
        return r;
    }

    /**
     * sum += sum_j a[aBase + active[j]] W[active[j], :], four weight rows per sweep: an inner loop
     * over i that reads each array at index i alone, which HotSpot vectorises.
     */
    private static void combineRows(double[] a, int aBase, double[][] w, int[] active, int m, double[] sum) {
        int in = sum.length;
        int j = 0;
        for (; j + 4 <= m; j += 4) {
            double a0 = a[aBase + active[j]], a1 = a[aBase + active[j + 1]];
            double a2 = a[aBase + active[j + 2]], a3 = a[aBase + active[j + 3]];
            double[] w0 = w[active[j]], w1 = w[active[j + 1]], w2 = w[active[j + 2]], w3 = w[active[j + 3]];
            for (int i = 0; i < in; i++) {
                sum[i] += a0 * w0[i] + a1 * w1[i] + a2 * w2[i] + a3 * w3[i];
            }
        }
        for (; j < m; j++) {
            double a0 = a[aBase + active[j]];
            double[] w0 = w[active[j]];
            for (int i = 0; i < in; i++) {
                sum[i] += a0 * w0[i];
            }
        }
    }
}
