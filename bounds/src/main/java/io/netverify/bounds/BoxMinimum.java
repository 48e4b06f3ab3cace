package io.netverify.bounds;

import io.netverify.bounds.relax.RowWindows;
import io.netverify.bounds.relax.Rows;

/**
 * The minimum of linear functions {@code a_k . x} over a box (the last step of a backward pass),
 * row by row on all cores, together with the magnitude its rounding error scales with
 * ({@link RoundingError#addConcretization}): the input coefficients are the largest array of a pass,
 * so both come from one sweep over them. Each term of the minimum is {@code min(a_j l_j, a_j u_j)},
 * which for a finite box is the product with the corner the sign of a_j picks, without a branch
 * that mixed signs would mispredict; four partial sums of each kind per row run in parallel in the
 * pipeline (the summation order does not matter to the rounding error bound).
 */
final class BoxMinimum {
    /** Partial sums of each kind per row. */
    private static final int LANES = 4;

    private BoxMinimum() {
    }

    /**
     * For rows {@code from..from+rows-1} of a (each of the box's size): {@code lower[k] += min over
     * the box of a_k . x} and {@code magnitude[k] = sum_j |a_kj| max(|l_j|, |u_j|)}; nothing when a is
     * null (the function does not depend on the input).
     */
    static void add(double[] a, int from, int rows, Interval box, double[] lower, double[] magnitude) {
        add(a, from, rows, box, null, lower, magnitude);
    }

    /**
     * {@link #add} reading of each row only its window where known (null: whole rows), with the
     * whole rows' sums bit for bit (the terms outside are zeros: {@code min(0 l, 0 u)} is a zero and
     * adds nothing to a sum that starts at +0).
     */
    static void add(double[] a, int from, int rows, Interval box, RowWindows windows, double[] lower, double[] magnitude) {
        if (a == null) {
            return;
        }
        int n = box.size();
        double[] l = box.lower();
        double[] u = box.upper();
        double[] m = new double[n];
        boolean finite = true;
        for (int j = 0; j < n; j++) {
            finite &= Double.isFinite(l[j]) && Double.isFinite(u[j]);
            m[j] = Math.max(Math.abs(l[j]), Math.abs(u[j]));
        }
        boolean branchFree = finite;
        Rows.range(rows, n).map(k -> from + k).forEach(k -> {
            if (branchFree) {
                int[] runs = windows != null && windows.narrow(k) ? windows.runs(k, LANES) : new int[] {0, n - n % LANES};
                finiteRow(a, k, n, runs, l, u, m, lower, magnitude);
            } else {
                row(a, k, n, l, u, m, lower, magnitude);
            }
        });
    }

    /** Over the row's index ranges {@code runs} (see {@link RowWindows#runs}), then its tail past the last multiple of the lanes. */
    private static void finiteRow(double[] a, int k, int n, int[] runs, double[] l, double[] u, double[] m, double[] lower,
                                  double[] magnitude) {
        int base = k * n;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double e0 = 0, e1 = 0, e2 = 0, e3 = 0;
        for (int r = 0; r < runs.length; r += 2) {
            for (int j = runs[r]; j < runs[r + 1]; j += LANES) {
                double w0 = a[base + j], w1 = a[base + j + 1], w2 = a[base + j + 2], w3 = a[base + j + 3];
                s0 += Math.min(w0 * l[j], w0 * u[j]);
                s1 += Math.min(w1 * l[j + 1], w1 * u[j + 1]);
                s2 += Math.min(w2 * l[j + 2], w2 * u[j + 2]);
                s3 += Math.min(w3 * l[j + 3], w3 * u[j + 3]);
                e0 += Math.abs(w0) * m[j];
                e1 += Math.abs(w1) * m[j + 1];
                e2 += Math.abs(w2) * m[j + 2];
                e3 += Math.abs(w3) * m[j + 3];
            }
        }
        for (int j = n - n % LANES; j < n; j++) {
            double w = a[base + j];
            s0 += Math.min(w * l[j], w * u[j]);
            e0 += Math.abs(w) * m[j];
        }
        lower[k] += (s0 + s1) + (s2 + s3);
        magnitude[k] = (e0 + e1) + (e2 + e3);
    }

    /** With infinite box bounds: a zero coefficient must take the lower bound (0 * inf is NaN). */
    private static void row(double[] a, int k, int n, double[] l, double[] u, double[] m, double[] lower, double[] magnitude) {
        int base = k * n;
        double s = 0;
        double e = 0;
        for (int j = 0; j < n; j++) {
            double w = a[base + j];
            s += w * (w >= 0 ? l[j] : u[j]);
            e += Math.abs(w) * m[j];
        }
        lower[k] += s;
        magnitude[k] = e;
    }
}
