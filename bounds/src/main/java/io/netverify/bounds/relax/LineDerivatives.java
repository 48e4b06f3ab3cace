package io.netverify.bounds.relax;

/**
 * Derivatives of a line {@code s x + b} whose intercept is the least one above a function on [l, u],
 * {@code b = max (f(x) - s x)}: by Danskin's theorem only the maximiser x* counts, so
 * {@code db = -x* ds}, plus {@code (f'(l) - s) dl} where x* is the end l (the max moves with it)
 * and likewise at u. Slope derivatives come in as {@code ds[θ]} for θ = alpha, l, u; the result is
 * laid out as in {@link ElementwiseRelaxation#lineWithDerivatives}. Padding is left out: it is a few
 * ulps, not part of the line's shape.
 */
final class LineDerivatives {
    private LineDerivatives() {
    }

    /**
     * Fills {@code out} for slope s and intercept b with maximiser {@code argmax} (NaN: the intercept
     * does not move, e.g. a constant line at a bound f never passes), slope derivatives
     * {@code dsAlpha, dsL, dsU} and f' at the ends.
     */
    static void above(double s, double b, double argmax, double l, double u, double dfl, double dfu,
                      double dsAlpha, double dsL, double dsU, double[] out) {
        out[0] = s;
        out[1] = b;
        boolean moves = !Double.isNaN(argmax);
        out[ElementwiseRelaxation.D_ALPHA] = dsAlpha;
        out[ElementwiseRelaxation.D_ALPHA + 1] = moves ? -argmax * dsAlpha : 0;
        out[ElementwiseRelaxation.D_L] = dsL;
        out[ElementwiseRelaxation.D_L + 1] = moves ? -argmax * dsL + (argmax == l ? dfl - s : 0) : 0;
        out[ElementwiseRelaxation.D_U] = dsU;
        out[ElementwiseRelaxation.D_U + 1] = moves ? -argmax * dsU + (argmax == u ? dfu - s : 0) : 0;
    }

    /**
     * As {@link #above} for a line above a piecewise linear function given by its values {@code ys}
     * at corners {@code xs} (l first, u last, the corners in between fixed). Where a corner and an
     * end tie (a line pivoting on the corner at slope 0), the corner: the pivot stays tight.
     */
    static void abovePoints(double s, double b, double[] xs, double[] ys, double dfl, double dfu,
                            double dsAlpha, double dsL, double dsU, double[] out) {
        int last = xs.length - 1;
        int best = last > 1 ? 1 : 0;
        for (int i = 0; i <= last; i++) {
            if (ys[i] - s * xs[i] > ys[best] - s * xs[best]) {
                best = i;
            }
        }
        above(s, b, xs[best], xs[0], xs[xs.length - 1], dfl, dfu, dsAlpha, dsL, dsU, out);
    }

    /** A line below: the negated line above -f. */
    static void belowPoints(double s, double b, double[] xs, double[] ys, double dfl, double dfu,
                            double dsAlpha, double dsL, double dsU, double[] out) {
        double[] neg = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            neg[i] = -ys[i];
        }
        abovePoints(-s, -b, xs, neg, -dfl, -dfu, -dsAlpha, -dsL, -dsU, out);
        negate(out);
    }

    /** A constant line (slope and intercept fixed): every derivative 0. */
    static void constant(double s, double b, double[] out) {
        java.util.Arrays.fill(out, 0);
        out[0] = s;
        out[1] = b;
    }

    static void negate(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
    }
}
