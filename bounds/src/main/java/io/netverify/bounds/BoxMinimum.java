package io.netverify.bounds;

import io.netverify.bounds.relax.Rows;

/**
 * The minimum of linear functions {@code a_k . x} over a box (the last step of a backward pass),
 * row by row on all cores. Each term is {@code min(a_j l_j, a_j u_j)}, which for a finite box is the
 * product with the corner the sign of a_j picks, without a branch that mixed signs would mispredict;
 * four partial sums per row run in parallel in the pipeline (the summation order does not matter to
 * the rounding error bound, see {@link RoundingError#addConcretization}).
 */
final class BoxMinimum {
    private BoxMinimum() {
    }

    /**
     * {@code lower[k] += min over the box of a_k . x} for rows {@code from..from+rows-1} of a (each of
     * the box's size); nothing when a is null (the function does not depend on the input).
     */
    static void add(double[] a, int from, int rows, Interval box, double[] lower) {
        if (a == null) {
            return;
        }
        int n = box.size();
        double[] l = box.lower();
        double[] u = box.upper();
        boolean finite = true;
        for (int j = 0; j < n; j++) {
            finite &= Double.isFinite(l[j]) && Double.isFinite(u[j]);
        }
        boolean branchFree = finite;
        Rows.range(rows, n).map(k -> from + k).forEach(k -> lower[k] += branchFree ? finiteRow(a, k * n, l, u) : row(a, k * n, l, u));
    }

    private static double finiteRow(double[] a, int base, double[] l, double[] u) {
        int n = l.length;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            double w0 = a[base + j], w1 = a[base + j + 1], w2 = a[base + j + 2], w3 = a[base + j + 3];
            s0 += Math.min(w0 * l[j], w0 * u[j]);
            s1 += Math.min(w1 * l[j + 1], w1 * u[j + 1]);
            s2 += Math.min(w2 * l[j + 2], w2 * u[j + 2]);
            s3 += Math.min(w3 * l[j + 3], w3 * u[j + 3]);
        }
        for (; j < n; j++) {
            double w = a[base + j];
            s0 += Math.min(w * l[j], w * u[j]);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** With infinite box bounds: a zero coefficient must take the lower bound (0 * inf is NaN). */
    private static double row(double[] a, int base, double[] l, double[] u) {
        double s = 0;
        for (int j = 0; j < l.length; j++) {
            double w = a[base + j];
            s += w * (w >= 0 ? l[j] : u[j]);
        }
        return s;
    }
}
