package io.netverify.bounds.relax;

/**
 * Bounds of a product {@code x y} with x in [xl, xu] and y in [yl, yu]. The McCormick planes:
 * <pre>
 *   lower: x y >= yl x + xl y - xl yl   (P1)      x y >= yu x + xu y - xu yu   (P2)
 *   upper: x y <= yu x + xl y - xl yu   (U1)      x y <= yl x + xu y - xu yl   (U2)
 * </pre>
 * each from a product of two signed distances to the box's sides. A convex combination
 * {@code mix P1 + (1 - mix) P2} (or of U1, U2) is sound too; mix is the alpha-CROWN parameter.
 * The default is P1 and U1, as in CROWN/auto_LiRPA, so plain CROWN bounds agree with theirs.
 */
final class Bilinear {
    /** The default mixing parameter: P1 below, U1 above. */
    static final double DEFAULT_MIX = 1;

    /** Index of the coefficient on x, on y, and of the constant in a plane array. */
    static final int CX = 0, CY = 1, C = 2;

    private Bilinear() {
    }

    static double min(double xl, double xu, double yl, double yu) {
        return Math.min(Math.min(xl * yl, xl * yu), Math.min(xu * yl, xu * yu));
    }

    static double max(double xl, double xu, double yl, double yu) {
        return Math.max(Math.max(xl * yl, xl * yu), Math.max(xu * yl, xu * yu));
    }

    /**
     * A lower bound of the real product x y over the box: the least corner product, each rounded
     * down ({@link #productDown}). IBP's bound, which must hold for the real function, not only for
     * float64's products (rounded to nearest, half an ulp either way of it).
     */
    static double lower(double xl, double xu, double yl, double yu) {
        return Math.min(Math.min(productDown(xl, yl), productDown(xl, yu)), Math.min(productDown(xu, yl), productDown(xu, yu)));
    }

    /** An upper bound of the real product x y over the box (see {@link #lower}). */
    static double upper(double xl, double xu, double yl, double yu) {
        return 0.0 - lower(-xu, -xl, yl, yu); // 0.0 -: no negative zero
    }

    /**
     * A number at most the real product a b: float64's product, one step down where it rounded up
     * (the fused residual {@code a b - p} is negative, or a negative residual underflowed to -0); an
     * overflow to +inf gives the largest double. A zero factor gives 0, whatever the other (an end at
     * infinity stands for an unbounded real).
     */
    static double productDown(double a, double b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        double p = a * b;
        if (!Double.isFinite(p)) {
            return Math.nextDown(p);
        }
        double r = Math.fma(a, b, -p);
        return r > 0 || r == 0 && 1 / r > 0 ? p : Math.nextDown(p);
    }

    /**
     * The plane {@code out[CX] x + out[CY] y + out[C]} below (or above, when {@code upper}) x y on
     * the box. A factor with a point interval makes the product linear: then the plane is exact.
     */
    static void plane(double xl, double xu, double yl, double yu, boolean upper, double mix, double[] out) {
        if (xl == xu && Double.isFinite(xl)) {
            out[CX] = 0;
            out[CY] = xl;
            out[C] = 0;
            return;
        }
        if (yl == yu && Double.isFinite(yl)) {
            out[CX] = yl;
            out[CY] = 0;
            out[C] = 0;
            return;
        }
        double other = 1 - mix;
        // P1/U1 share xl as the coefficient on y; P2/U2 share xu.
        double y1 = upper ? yu : yl;
        double y2 = upper ? yl : yu;
        out[CX] = mix * y1 + other * y2;
        out[CY] = mix * xl + other * xu;
        double c = -(mix * xl * y1 + other * xu * y2);
        double scale = Math.max(Math.abs(xl), Math.abs(xu)) * Math.max(Math.abs(yl), Math.abs(yu));
        out[C] = upper ? OutwardRounding.padUp(c, scale) : OutwardRounding.padDown(c, scale);
        if (!Double.isFinite(out[CX]) || !Double.isFinite(out[CY]) || !Double.isFinite(out[C])) {
            // an unbounded factor or an overflowing product: no plane is certified, the constant of IBP is
            out[CX] = 0;
            out[CY] = 0;
            out[C] = upper ? OutwardRounding.padUp(max(xl, xu, yl, yu), 0) : OutwardRounding.padDown(min(xl, xu, yl, yu), 0);
        }
    }

    /** d/d(mix) of the plane's value at (x, y): P1 - P2 (or U1 - U2); zero for a linear product. */
    static double mixDerivative(double xl, double xu, double yl, double yu, boolean upper, double x, double y) {
        if (xl == xu || yl == yu) {
            return 0;
        }
        double y1 = upper ? yu : yl;
        double y2 = upper ? yl : yu;
        return (y1 - y2) * x + (xl - xu) * y - (xl * y1 - xu * y2);
    }

    /** The value of a plane at (x, y). */
    static double value(double[] plane, double x, double y) {
        return plane[CX] * x + plane[CY] * y + plane[C];
    }
}
