package io.netverify.bounds.relax;

/**
 * Lines of {@code 1/y} on an interval [l, u] of one sign (convex for y > 0, concave for y < 0): the
 * chord and the tangents, as {@link SupportingLines} certifies them for the curve y^-1 (so they stay
 * sound where 1/t^2 underflows or l u overflows). A line is {@code out[0] y + out[1]}.
 */
final class Reciprocal {
    private static final Curve CURVE = new PowerCurve(-1, y -> 1 / y);
    private static final Curve NEGATED = CURVE.negate();

    private Reciprocal() {
    }

    /** Whether [l, u] excludes zero, as the lines need. */
    static boolean signDefinite(double l, double u) {
        return l > 0 || u < 0;
    }

    /** The lower line (or upper line when {@code upper}) of 1/y on [l, u]; tangent point {@code l + t (u - l)}. */
    static void line(double l, double u, boolean upper, double t, double[] out) {
        double[] line = new double[SupportingLines.WIDTH];
        double point = l + t * (u - l);
        SupportingLines.upper(upper ? CURVE : NEGATED, l, u, Double.isNaN(point) ? l : point, line);
        double sign = upper ? 1 : -1;
        out[0] = sign * line[SupportingLines.SLOPE];
        out[1] = sign * line[SupportingLines.INTERCEPT];
    }

    /** Whether {@link #line} uses the tangent (which depends on t). */
    static boolean usesTangent(double l, boolean upper) {
        return upper != (l > 0);
    }

    /**
     * The tangent point with the chord's slope (-1/t^2 = -1/(l u)), as a fraction of [l, u]; sqrt(|l|)
     * sqrt(|u|) rather than sqrt(l u), which overflows for |l u| > 1e308.
     */
    static double parallelTangent(double l, double u) {
        if (!(u > l)) {
            return 0.5;
        }
        double t = Math.copySign(Math.sqrt(Math.abs(l)) * Math.sqrt(Math.abs(u)), l);
        double fraction = (t - l) / (u - l);
        return Double.isNaN(fraction) ? 0.5 : Math.min(1, Math.max(0, fraction));
    }

    /** d/dt of the tangent's value at y: {@code 2 y / t^3 - 2 / t^2}. */
    static double tangentDerivative(double t, double y) {
        return 2 * y / (t * t * t) - 2 / (t * t);
    }
}
