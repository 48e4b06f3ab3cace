package io.netverify.bounds.relax;

/**
 * The line through (l, f(l)) and (u, f(u)) as a function of the ends: with slope
 * {@code s = (f(u) - f(l)) / (u - l)}, {@code ds/dl = (s - f'(l)) / (u - l)} and
 * {@code ds/du = (f'(u) - s) / (u - l)}; the intercept {@code f(l) - s l} follows.
 */
final class Chord {
    private Chord() {
    }

    /**
     * The derivatives of the lines of a function with slopes {@code left} and {@code right} on either
     * side of a kink at 0 (ReLU, LeakyRelu, Abs), the line already in out[0], out[1]: constant where
     * [l, u] is on one side; across 0, the parameter's line (whose slope moves by {@code rate} per unit
     * of alpha while alpha is in [lowest, highest], else it is clamped) or the chord.
     */
    static void acrossKink(double l, double u, double alpha, boolean parameterLine, double lowest, double highest,
                           double rate, double left, double right, double[] out) {
        java.util.Arrays.fill(out, 2, ElementwiseRelaxation.DERIVATIVES, 0);
        if (!(l < 0 && u > 0)) {
            return;
        }
        if (parameterLine) {
            out[ElementwiseRelaxation.D_ALPHA] = Double.isNaN(alpha) || alpha < lowest || alpha > highest ? 0 : rate;
        } else if (Double.isFinite(l) && Double.isFinite(u)) {
            derivatives(l, left * l, u, right * u, left, right, out);
        }
    }

    /**
     * The derivatives of the chord of f over [l, u] (f(l) = fl, f(u) = fu, f' at the ends dfl, dfu)
     * with respect to l and u, into out as {@link ElementwiseRelaxation#lineWithDerivatives} lays them
     * out (the alpha entries untouched).
     */
    static void derivatives(double l, double fl, double u, double fu, double dfl, double dfu, double[] out) {
        double w = u - l;
        double s = (fu - fl) / w;
        double dsl = (s - dfl) / w;
        double dsu = (dfu - s) / w;
        out[ElementwiseRelaxation.D_L] = dsl;
        out[ElementwiseRelaxation.D_L + 1] = dfl - s - l * dsl;
        out[ElementwiseRelaxation.D_U] = dsu;
        out[ElementwiseRelaxation.D_U + 1] = -l * dsu;
    }
}
