package io.netverify.bounds.relax;

/**
 * A smooth scalar function for relaxation: its values (the evaluator's, so bounds hold for the
 * network as it is evaluated), its derivative, and where its curvature changes sign. Between two
 * consecutive inflection points the function is convex or concave, which is what makes a finite
 * check of a line against it conclusive (see {@link SupportingLines}).
 */
abstract class Curve {
    /** The function, exactly as the evaluator computes it. */
    abstract double f(double x);

    /** The derivative, accurate to a few ulps (tangent slopes rely on it). */
    abstract double df(double x);

    /** The second derivative (its accuracy matters for optimisation only, not for soundness). */
    abstract double d2f(double x);

    /**
     * A bound of |f'(x) - df(x)|: by default {@code df} is within 2^-48 |df| (16 ulps: a product or
     * quotient of functions accurate to a few ulps, such as Math.cosh's 2.5) and, where it underflows
     * (1/x^2 for x > 1e154 is 0), within 4 times the smallest normal number. Lines never rely on df
     * being more accurate than this.
     */
    double slopeError(double x) {
        return 0x1p-48 * Math.abs(df(x)) + 4 * Double.MIN_NORMAL;
    }

    /** The sign of the second derivative at x: positive convex, negative concave, 0 linear. */
    abstract int curvature(double x);

    /**
     * The points of (l, u) where the curvature changes sign, ascending; null when there are so many
     * (a periodic function over many periods) that a horizontal line is as good.
     */
    double[] inflections(double l, double u) {
        return NONE;
    }

    /** The local extrema of f in [l, u] (where f' changes sign), for the range. */
    double[] criticalPoints(double l, double u) {
        return NONE;
    }

    /** The period of a periodic function (its lines repeat with it), else NaN. */
    double period() {
        return Double.NaN;
    }

    /** Why the function cannot be bounded on [l, u] (outside its domain), or null. */
    String domainProblem(double l, double u) {
        return null;
    }

    /**
     * Whether the default line of an interval with both curvatures is only ever a line through the
     * end point on the wrong side (CROWN's rule for S-shaped functions), never the tangent at the
     * midpoint.
     */
    boolean pivotsOnly() {
        return false;
    }

    /** Bounds that f never leaves (sigmoid's [0, 1]), also after rounding; they cap the padded range. */
    double lowest() {
        return Double.NEGATIVE_INFINITY;
    }

    double highest() {
        return Double.POSITIVE_INFINITY;
    }

    /** Sound bounds of f over [l, u] into {@code out}: the extreme values of f, rounded outward. */
    void range(double l, double u, double[] out) {
        double lo = Math.min(f(l), f(u));
        double hi = Math.max(f(l), f(u));
        for (double c : criticalPoints(l, u)) {
            double v = f(c);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            lo = Double.NEGATIVE_INFINITY;
            hi = Double.POSITIVE_INFINITY;
        }
        // between the points evaluated f is monotone; its rounding may still wobble by an ulp or two
        out[0] = Math.max(lowest(), OutwardRounding.padDown(lo, 0));
        out[1] = Math.min(highest(), OutwardRounding.padUp(hi, 0));
    }

    /** -f: swaps convex and concave, so lower lines of f are negated upper lines of -f. */
    Curve negate() {
        Curve c = this;
        return new Curve() {
            @Override
            double f(double x) {
                return -c.f(x);
            }

            @Override
            double df(double x) {
                return -c.df(x);
            }

            @Override
            double d2f(double x) {
                return -c.d2f(x);
            }

            @Override
            double slopeError(double x) {
                return c.slopeError(x);
            }

            @Override
            int curvature(double x) {
                return -c.curvature(x);
            }

            @Override
            double[] inflections(double l, double u) {
                return c.inflections(l, u);
            }

            @Override
            double[] criticalPoints(double l, double u) {
                return c.criticalPoints(l, u);
            }

            @Override
            boolean pivotsOnly() {
                return c.pivotsOnly();
            }

            @Override
            void range(double l, double u, double[] out) {
                c.range(l, u, out);
                double lo = out[0];
                out[0] = -out[1];
                out[1] = -lo;
            }

            @Override
            Curve negate() {
                return c;
            }
        };
    }

    /** x -> f(-x): turns a line pivoting on the right end point into one pivoting on the left. */
    Curve mirror() {
        Curve c = this;
        return new Curve() {
            @Override
            double f(double x) {
                return c.f(-x);
            }

            @Override
            double df(double x) {
                return -c.df(-x);
            }

            @Override
            double d2f(double x) {
                return c.d2f(-x);
            }

            @Override
            double slopeError(double x) {
                return c.slopeError(-x);
            }

            @Override
            int curvature(double x) {
                return c.curvature(-x);
            }

            @Override
            double[] inflections(double l, double u) {
                return reversedNegation(c.inflections(-u, -l));
            }

            @Override
            double[] criticalPoints(double l, double u) {
                return reversedNegation(c.criticalPoints(-u, -l));
            }

            @Override
            boolean pivotsOnly() {
                return c.pivotsOnly();
            }

            @Override
            void range(double l, double u, double[] out) {
                c.range(-u, -l, out);
            }

            @Override
            Curve mirror() {
                return c;
            }
        };
    }

    static final double[] NONE = new double[0];

    private static double[] reversedNegation(double[] p) {
        if (p == null) {
            return null;
        }
        double[] r = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = -p[p.length - 1 - i];
        }
        return r;
    }
}
