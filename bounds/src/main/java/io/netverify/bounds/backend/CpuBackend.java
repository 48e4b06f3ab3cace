package io.netverify.bounds.backend;

import io.netverify.bounds.relax.Rows;

import java.util.Arrays;

/**
 * Products on all CPU cores: blocks of rows in parallel, and inner loops that read every array at
 * one running index, which HotSpot vectorises. Zero coefficients (neurons a step made irrelevant,
 * e.g. stable inactive ReLUs) are skipped.
 */
public final class CpuBackend implements ComputeBackend {
    private static final int ROW_BLOCK = 8;

    @Override
    public String name() {
        return "cpu (" + Runtime.getRuntime().availableProcessors() + " threads)";
    }

    @Override
    public void linearBackward(double[] a, int rows, int groups, double[][] w, double[] b, double[] acc, double[] bias) {
        int out = w.length;
        int in = out == 0 ? 0 : w[0].length;
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
                    Arrays.fill(sum, 0);
                    combineRows(a, aBase, w, active, m, sum);
                    int accBase = (k * groups + g) * in;
                    for (int i = 0; i < in; i++) {
                        acc[accBase + i] += sum[i];
                    }
                    if (b != null) {
                        double s = 0;
                        for (int j = 0; j < m; j++) {
                            s += a[aBase + active[j]] * b[active[j]];
                        }
                        bias[k] += s;
                    }
                }
            }
        });
    }

    /** sum += sum_j a[aBase + active[j]] W[active[j], :], four weight rows per sweep. */
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

    @Override
    public void linearInterval(double[] xl, double[] xu, int groups, double[][] columns, double[] b, double[] lo, double[] hi) {
        int in = columns.length;
        int out = lo.length / groups;
        double[] l = new double[out];
        double[] u = new double[out];
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < out; o++) {
                l[o] = b == null ? 0 : b[o];
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
    }
}
