package io.netverify.bounds.relax;

/**
 * Lines of {@code 1/y} on an interval [l, u] of one sign (convex for y > 0, concave for y < 0): the
 * chord and the tangents. A line is {@code out[0] y + out[1]}.
 */
final class Reciprocal {
    private Reciprocal() {
    }

    /** Whether [l, u] excludes zero, as the lines need. */
    static boolean signDefinite(double l, double u) {
        return l > 0 || u < 0;
    }

    /** The lower line (or upper line when {@code upper}) of 1/y on [l, u]; tangent point {@code l + t (u - l)}. */
    static void line(double l, double u, boolean upper, double t, double[] out) {
        boolean convex = l > 0;
        if (upper == convex) {
            chord(l, u, upper, out);
        } else {
            tangent(l + t * (u - l), upper, out);
        }
    }

    /** Whether {@link #line} uses the tangent (which depends on t). */
    static boolean usesTangent(double l, boolean upper) {
        return upper != (l > 0);
    }

    /** The tangent point with the chord's slope (-1/t^2 = -1/(l u)), as a fraction of [l, u]. */
    static double parallelTangent(double l, double u) {
        if (!(u > l)) {
            return 0.5;
        }
        double t = Math.copySign(Math.sqrt(l * u), l);
        return Math.min(1, Math.max(0, (t - l) / (u - l)));
    }

    /**
     * The chord, through (l, 1/l) and (u, 1/u): its intercept is taken so the line passes on the
     * correct side of both (rounded) end points; convexity (or concavity) does the rest.
     */
    static void chord(double l, double u, boolean upper, double[] out) {
        double s = -1 / (l * u);
        double bl = 1 / l - s * l;
        double bu = 1 / u - s * u;
        double scale = Math.max(Math.abs(1 / l), Math.abs(1 / u)) * 2;
        out[0] = s;
        out[1] = upper ? Outward.up(Math.max(bl, bu), scale) : Outward.down(Math.min(bl, bu), scale);
    }

    /** The tangent at t: {@code 2/t - y/t^2}; below 1/y for y > 0 (t > 0), above for y < 0 (t < 0). */
    static void tangent(double t, boolean upper, double[] out) {
        out[0] = -1 / (t * t);
        double b = 2 / t;
        out[1] = upper ? Outward.up(b, Math.abs(b)) : Outward.down(b, Math.abs(b));
    }

    /** d/dt of the tangent's value at y: {@code 2 y / t^3 - 2 / t^2}. */
    static double tangentDerivative(double t, double y) {
        return 2 * y / (t * t * t) - 2 / (t * t);
    }
}
