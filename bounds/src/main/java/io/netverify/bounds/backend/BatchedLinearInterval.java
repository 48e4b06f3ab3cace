package io.netverify.bounds.backend;

import io.netverify.bounds.relax.Rows;

/**
 * Interval propagation through {@code y = x W^T + b} for many boxes, in centre-radius form: for x in
 * [l, u] with centre m and radius r, y lies in {@code [W m + b - |W| r, W m + b + |W| r]}. The two
 * products are plain sums of products, which HotSpot vectorises (four columns per sweep, one
 * accumulator) several times better than the min/max form of {@link CpuBackend#linearInterval}; a
 * block of boxes shares each slice of columns while it is in cache, and blocks run on all cores.
 *
 * <p>Rounding: m is rounded, so r is rounded up to bound {@code |x - m|}; then the computed bounds
 * differ from the exact ones by at most {@code gamma_N (|W| (|m| + r) + |b|)} plus one rounding of the
 * final sum, where {@code |m| + r} exceeds {@code max(|l|, |u|)} by a few ulps only: within the
 * margin {@code RoundingError.widen} adds to every linear node's interval (the same bound, with a
 * safety factor of 4), as for the single-box form. Boxes with non-finite or huge bounds, where the
 * centre is not defined, use the min/max form.
 */
final class BatchedLinearInterval {
    /** Boxes per block. */
    private static final int BOXES = 8;
    /** Columns per slice: 32 columns of 256 outputs are 64 KiB, read once per block from L2. */
    private static final int COLUMNS = 32;
    /** Above this magnitude, l + u may overflow. */
    private static final double HUGE = 1e300;

    private BatchedLinearInterval() {
    }

    /** See {@link ComputeBackend#linearIntervals}; {@code absColumns} are the columns of |W|. */
    static void run(double[][] xl, double[][] xu, int groups, double[][] columns, double[][] absColumns, double[] b,
                    double[][] lo, double[][] hi) {
        int boxes = xl.length;
        int in = columns.length;
        int out = boxes == 0 ? 0 : lo[0].length / Math.max(1, groups);
        Rows.range((boxes + BOXES - 1) / BOXES, (long) BOXES * groups * in * out * 2).forEach(blk -> {
            int first = blk * BOXES;
            int count = Math.min(boxes, first + BOXES) - first;
            double[][] mid = new double[count][in];
            double[][] rad = new double[count][in];
            double[][] c = new double[count][out];
            double[][] r = new double[count][out];
            boolean[] centred = new boolean[count];
            boolean[] zeroCentre = new boolean[count];
            for (int g = 0; g < groups; g++) {
                for (int k = 0; k < count; k++) {
                    centred[k] = centre(xl[first + k], xu[first + k], g * in, mid[k], rad[k]);
                    zeroCentre[k] = isZero(mid[k]);
                    for (int o = 0; o < out; o++) {
                        c[k][o] = b == null ? 0 : b[o];
                        r[k][o] = 0;
                    }
                }
                for (int from = 0; from < in; from += COLUMNS) {
                    int to = Math.min(in, from + COLUMNS);
                    for (int k = 0; k < count; k++) {
                        if (!centred[k]) {
                            continue;
                        }
                        if (!zeroCentre[k]) { // symmetric intervals (rounding magnitudes) have centre 0
                            product(mid[k], columns, from, to, c[k]);
                        }
                        product(rad[k], absColumns, from, to, r[k]);
                    }
                }
                for (int k = 0; k < count; k++) {
                    if (centred[k]) {
                        for (int o = 0; o < out; o++) {
                            lo[first + k][g * out + o] = c[k][o] - r[k][o];
                            hi[first + k][g * out + o] = c[k][o] + r[k][o];
                        }
                    } else {
                        minMax(xl[first + k], xu[first + k], g * in, columns, b, lo[first + k], hi[first + k], g * out, out);
                    }
                }
            }
        });
    }

    /** Centre and radius (rounded up) of inputs base..base+in-1; false when some bound is not finite or huge. */
    private static boolean centre(double[] l, double[] u, int base, double[] mid, double[] rad) {
        for (int i = 0; i < mid.length; i++) {
            double a = l[base + i];
            double z = u[base + i];
            if (!(Math.abs(a) <= HUGE && Math.abs(z) <= HUGE)) {
                return false;
            }
            double m = (a + z) / 2; // within [a, z]: rounding is monotone
            mid[i] = m;
            rad[i] = Math.nextUp(Math.max(z - m, m - a));
        }
        return true;
    }

    private static boolean isZero(double[] x) {
        for (double v : x) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** acc += sum over i in from..to-1 of x[i] columns[i], four columns per sweep. */
    private static void product(double[] x, double[][] columns, int from, int to, double[] acc) {
        int out = acc.length;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            double[] c0 = columns[i], c1 = columns[i + 1], c2 = columns[i + 2], c3 = columns[i + 3];
            for (int o = 0; o < out; o++) {
                acc[o] += c0[o] * x0 + c1[o] * x1 + c2[o] * x2 + c3[o] * x3;
            }
        }
        for (; i < to; i++) {
            double x0 = x[i];
            double[] c0 = columns[i];
            for (int o = 0; o < out; o++) {
                acc[o] += c0[o] * x0;
            }
        }
    }

    /** The min/max form for one group of one box ({@link CpuBackend#minMax}). */
    private static void minMax(double[] xl, double[] xu, int xBase, double[][] columns, double[] b, double[] lo, double[] hi,
                               int base, int out) {
        double[] l = new double[out];
        double[] u = new double[out];
        CpuBackend.minMax(xl, xu, xBase, columns, b, l, u);
        System.arraycopy(l, 0, lo, base, out);
        System.arraycopy(u, 0, hi, base, out);
    }
}
