package io.netverify.bounds.relax;

/**
 * Outward rounding of relaxation constants: a bound computed in float64 from quantities of
 * magnitude up to {@code scale} may be off by a few ulps of that scale, so intercepts are moved
 * away from the function by that much.
 */
final class Outward {
    private Outward() {
    }

    static double up(double x, double scale) {
        return x + 4 * Math.ulp(Math.max(Math.abs(x), scale)) + Double.MIN_NORMAL;
    }

    static double down(double x, double scale) {
        return x - 4 * Math.ulp(Math.max(Math.abs(x), scale)) - Double.MIN_NORMAL;
    }
}
