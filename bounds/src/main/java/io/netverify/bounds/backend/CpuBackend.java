package io.netverify.bounds.backend;

import io.netverify.bounds.relax.Rows;

/**
 * Products on all CPU cores: blocks of rows in parallel, and inner loops that read every array at
 * one running index, which HotSpot vectorises. Zero coefficients (neurons a step made irrelevant,
 * e.g. stable inactive ReLUs) are skipped.
 */
public final class CpuBackend implements ComputeBackend {
    private static final int ROW_BLOCK = 8;
    /** Tasks of the backward product per core: enough to balance the load when cores are shared. */
    private static final int TASKS_PER_CORE = 4;

    @Override
    public String name() {
        return "cpu (" + Runtime.getRuntime().availableProcessors() + " threads)";
    }

    @Override
    public void linearBackward(double[] a, int rows, int groups, double[][] w, double[] b, double[] acc, double[] bias) {
        int out = w.length;
        int in = out == 0 ? 0 : w[0].length;
        int vectors = rows * groups;
        // each vector's bias term apart, summed on one thread: with groups > 1, blocks running in
        // parallel may share a bias entry, and a lost update would make the bound unsound
        double[] terms = b == null ? null : new double[vectors];
        // blocks of ROW_BLOCK vectors, a few tasks per core, each with its own scratch for all its
        // blocks (allocating it per block was a third of what a CROWN pass allocated)
        int blocks = (vectors + ROW_BLOCK - 1) / ROW_BLOCK;
        int tasks = Math.min(blocks, TASKS_PER_CORE * Runtime.getRuntime().availableProcessors());
        Rows.range(tasks, (long) ROW_BLOCK * out * in * blocks / Math.max(1, tasks)).forEach(t -> {
            int[] active = new int[out];
            double[][] sums = new double[Math.min(ROW_BLOCK, vectors) + 1][in];
            for (int blk = (int) ((long) blocks * t / tasks); blk < (long) blocks * (t + 1) / tasks; blk++) {
                int from = blk * ROW_BLOCK;
                int count = Math.min(vectors, from + ROW_BLOCK) - from;
                int m = 0;
                for (int o = 0; o < out; o++) {
                    for (int p = 0; p < count; p++) {
                        if (a[(from + p) * out + o] != 0) {
                            active[m++] = o;
                            break;
                        }
                    }
                }
                if (m == 0) {
                    continue;
                }
                // the products are added onto a copy of acc (the loop at acc's offset would not vectorise)
                for (int p = 0; p < count; p++) {
                    System.arraycopy(acc, (from + p) * in, sums[p], 0, in);
                }
                combineRows(a, from * out, count, w, active, m, sums);
                for (int p = 0; p < count; p++) {
                    int v = from + p;
                    System.arraycopy(sums[p], 0, acc, v * in, in);
                    if (b != null) {
                        terms[v] = biasTerm(a, v * out, b, active, m);
                    }
                }
            }
        });
        for (int v = 0; terms != null && v < vectors; v++) {
            bias[v / groups] += terms[v];
        }
    }

    /** {@code sum_j a[base + o_j] b[o_j]}, in four partial sums that pipeline. */
    private static double biasTerm(double[] a, int base, double[] b, int[] active, int m) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= m; j += 4) {
            s0 += a[base + active[j]] * b[active[j]];
            s1 += a[base + active[j + 1]] * b[active[j + 1]];
            s2 += a[base + active[j + 2]] * b[active[j + 2]];
            s3 += a[base + active[j + 3]] * b[active[j + 3]];
        }
        for (; j < m; j++) {
            s0 += a[base + active[j]] * b[active[j]];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@code sums[p] += sum_j a[base + p out + o_j] W[o_j, :]} for the {@code count} coefficient
     * vectors of a block (o_j = the block's nonzero columns), four weight rows per sweep and two
     * vectors per inner loop: each weight element loaded serves both, the loop still indexes every
     * array by i alone (two vectors is the most HotSpot vectorises here), and the four weight rows
     * stay in cache for all the block's vectors. An odd last vector runs with a zero partner
     * ({@code sums[count]}, scratch whose content does not matter).
     */
    private static void combineRows(double[] a, int base, int count, double[][] w, int[] active, int m, double[][] sums) {
        int out = w.length;
        int in = sums[0].length;
        int j = 0;
        for (; j + 4 <= m; j += 4) {
            int o0 = active[j], o1 = active[j + 1], o2 = active[j + 2], o3 = active[j + 3];
            double[] w0 = w[o0], w1 = w[o1], w2 = w[o2], w3 = w[o3];
            for (int p = 0; p < count; p += 2) {
                int r0 = base + p * out;
                int r1 = p + 1 < count ? r0 + out : -1;
                double p0 = a[r0 + o0], p1 = a[r0 + o1], p2 = a[r0 + o2], p3 = a[r0 + o3];
                double q0 = r1 < 0 ? 0 : a[r1 + o0], q1 = r1 < 0 ? 0 : a[r1 + o1];
                double q2 = r1 < 0 ? 0 : a[r1 + o2], q3 = r1 < 0 ? 0 : a[r1 + o3];
                double[] s0 = sums[p], s1 = sums[p + 1];
                for (int i = 0; i < in; i++) {
                    double x0 = w0[i], x1 = w1[i], x2 = w2[i], x3 = w3[i];
                    s0[i] += p0 * x0 + p1 * x1 + p2 * x2 + p3 * x3;
                    s1[i] += q0 * x0 + q1 * x1 + q2 * x2 + q3 * x3;
                }
            }
        }
        for (; j < m; j++) {
            double[] w0 = w[active[j]];
            for (int p = 0; p < count; p++) {
                double p0 = a[base + p * out + active[j]];
                double[] s0 = sums[p];
                for (int i = 0; i < in; i++) {
                    s0[i] += p0 * w0[i];
                }
            }
        }
    }

    @Override
    public void linearInterval(double[] xl, double[] xu, int groups, double[][] columns, double[] b, double[] lo, double[] hi) {
        int out = lo.length / groups;
        double[] l = new double[out];
        double[] u = new double[out];
        for (int g = 0; g < groups; g++) {
            minMax(xl, xu, g * columns.length, columns, b, l, u);
            System.arraycopy(l, 0, lo, g * out, out);
            System.arraycopy(u, 0, hi, g * out, out);
        }
    }

    /**
     * The interval of {@code W x + b} for x in [xl, xu] from index {@code xBase} on, into l and u (one
     * entry per output): input by input over contiguous columns of W, into arrays at offset 0, which
     * HotSpot vectorises; each output's sum keeps the order of i.
     */
    static void minMax(double[] xl, double[] xu, int xBase, double[][] columns, double[] b, double[] l, double[] u) {
        int out = l.length;
        for (int o = 0; o < out; o++) {
            l[o] = b == null ? 0 : b[o];
            u[o] = l[o];
        }
        for (int i = 0; i < columns.length; i++) {
            double xli = xl[xBase + i];
            double xui = xu[xBase + i];
            double[] col = columns[i];
            for (int o = 0; o < out; o++) {
                double p = col[o] * xli;
                double q = col[o] * xui;
                l[o] += Math.min(p, q);
                u[o] += Math.max(p, q);
            }
        }
    }
}
