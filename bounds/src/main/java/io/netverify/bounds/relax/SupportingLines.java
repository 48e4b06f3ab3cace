package io.netverify.bounds.relax;

/**
 * Sound upper lines {@code f(x) <= s x + b} of a {@link Curve} over [l, u] (lower lines are upper
 * lines of -f). The slope is chosen for tightness; the intercept is then made sound by computing
 * {@code max (f(x) - s x)} over [l, u]: on a convex piece the maximum is at an end, on a concave
 * piece at the point where f' = s (found by bisection, with a tangent-line bound covering the
 * bisection's remaining error) or, for the tangent at a point of that piece, at the tangent point.
 * The intercept is finally padded by a few ulps of every magnitude involved. Where the curve gives
 * no inflection points (a periodic function over a full period) the line is horizontal.
 *
 * <p>Default lines follow CROWN: the chord where f is convex, the tangent at the midpoint where f is
 * concave, and otherwise the best (lowest at the midpoint) of: the tangent at the midpoint, the
 * tightest lines through either end point (a tangent from that end point, or a chord), and the
 * horizontal line. Curves that {@link Curve#pivotsOnly() pivot only} (S-shaped functions) take the
 * line through the end point on the convex side, as CROWN does for sigmoid and tanh.
 */
final class SupportingLines {
    /** Indices into a line array: slope, intercept, and the tangent point (NaN when not a tangent). */
    static final int SLOPE = 0, INTERCEPT = 1, TOUCH = 2;

    /** Relative padding of intercepts: about 8 ulps of the magnitudes of f, s x and the intercept. */
    private static final double SLACK = 0x1p-49;
    private static final int BISECTIONS = 64;

    private SupportingLines() {
    }

    /**
     * An upper line of c over [l, u] into {@code out} (slope, intercept, tangent point): the tangent
     * at {@code d} (clamped to [l, u]; its slope with a sound intercept), or the default line when d
     * is NaN. Where f is convex on all of [l, u] the chord is best and d is ignored.
     */
    static void upper(Curve c, double l, double u, double d, double[] out) {
        double[] breaks = c.inflections(l, u);
        if (!(l < u) || Double.isInfinite(l) || Double.isInfinite(u) || breaks == null) {
            horizontal(c, l, u, out);
            return;
        }
        Pieces p = new Pieces(c, l, u, breaks);
        if (!p.anyConcave()) {
            line(p, (p.f(p.last()) - p.f(0)) / (u - l), Double.NaN, out);
        } else if (!Double.isNaN(d)) {
            tangent(p, Math.min(u, Math.max(l, d)), out);
        } else if (p.pieces() == 1) {
            tangent(p, l + (u - l) / 2, out);
        } else {
            mixed(p, out);
        }
    }

    /**
     * The lowest intercept b with {@code s x_i + b >= y_i} at the given points, padded: a line above a
     * piecewise linear function, checked at its corners and end points.
     */
    static double interceptAbove(double s, double[] xs, double[] ys) {
        double m = Double.NEGATIVE_INFINITY;
        double scale = 0;
        for (int i = 0; i < xs.length; i++) {
            m = Math.max(m, ys[i] - s * xs[i]);
            scale = Math.max(scale, Math.max(Math.abs(ys[i]), Math.abs(s * xs[i])));
        }
        return m + SLACK * (scale + Math.abs(m)) + Double.MIN_NORMAL;
    }

    /** The highest intercept b with {@code s x_i + b <= y_i} at the given points, padded. */
    static double interceptBelow(double s, double[] xs, double[] ys) {
        double[] neg = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            neg[i] = -ys[i];
        }
        return -interceptAbove(-s, xs, neg);
    }

    /** The best default line of an interval where f has both curvatures. */
    private static void mixed(Pieces p, double[] out) {
        Curve c = p.c;
        double m = p.l + (p.u - p.l) / 2;
        boolean pivotsOnly = c.pivotsOnly();
        double[] best = {0, Double.POSITIVE_INFINITY, Double.NaN};
        double[] cand = new double[3];
        if (!pivotsOnly && c.curvature(m) < 0) {
            tangent(p, m, cand);
            keepLower(cand, best, m);
        }
        if (!pivotsOnly || p.convex(0)) {
            pivotLeft(p, cand);
            keepLower(cand, best, m);
        }
        if (!pivotsOnly || p.convex(p.pieces() - 1)) {
            Curve mc = c.mirror();
            pivotLeft(new Pieces(mc, -p.u, -p.l, mc.inflections(-p.u, -p.l)), cand);
            cand[SLOPE] = -cand[SLOPE];
            cand[TOUCH] = -cand[TOUCH];
            keepLower(cand, best, m);
        }
        if (!pivotsOnly && c.criticalPoints(p.l, p.u).length > 0) {
            line(p, 0, Double.NaN, cand);
            keepLower(cand, best, m);
        }
        if (Double.isInfinite(best[INTERCEPT])) {
            horizontal(c, p.l, p.u, out);
        } else {
            System.arraycopy(best, 0, out, 0, 3);
        }
    }

    private static void keepLower(double[] cand, double[] best, double m) {
        if (cand[SLOPE] * m + cand[INTERCEPT] < best[SLOPE] * m + best[INTERCEPT]) {
            System.arraycopy(cand, 0, best, 0, 3);
        }
    }

    /**
     * The lowest line through (l, f(l)) above f: its slope is the largest chord slope from l, found
     * at a piece end or where a tangent of a concave piece passes through (l, f(l)); a concave first
     * piece makes it the tangent at l.
     */
    private static void pivotLeft(Pieces p, double[] out) {
        Curve c = p.c;
        double l = p.l;
        double fl = p.f(0);
        double best = Double.NEGATIVE_INFINITY;
        double touch = Double.NaN;
        for (int i = 0; i < p.pieces(); i++) {
            if (!p.convex(i)) {
                double r = i == 0 ? l : tangentThrough(p, i, fl);
                if (!Double.isNaN(r) && c.df(r) > best) {
                    best = c.df(r);
                    touch = r;
                }
            }
            double chord = (p.f(i + 1) - fl) / (p.x[i + 1] - l);
            if (chord > best) {
                best = chord;
                touch = Double.NaN;
            }
        }
        if (Double.isNaN(touch)) {
            line(p, best, Double.NaN, out);
        } else {
            tangent(p, touch, out);
        }
    }

    /**
     * The point of concave piece i whose tangent passes through (l, fl), or NaN: there
     * h(x) = f(x) - fl - f'(x) (x - l) vanishes, and h increases along a concave piece.
     */
    private static double tangentThrough(Pieces p, int i, double fl) {
        Curve c = p.c;
        double a = p.x[i];
        double b = p.x[i + 1];
        if (!(p.f(i) - fl - c.df(a) * (a - p.l) < 0 && p.f(i + 1) - fl - c.df(b) * (b - p.l) > 0)) {
            return Double.NaN;
        }
        for (int k = 0; k < BISECTIONS; k++) {
            double mid = a + (b - a) / 2;
            if (mid <= a || mid >= b) {
                break;
            }
            if (c.f(mid) - fl - c.df(mid) * (mid - p.l) < 0) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return a + (b - a) / 2;
    }

    /** The tangent at d: slope f'(d), intercept made sound (exact on d's piece when it is concave). */
    private static void tangent(Pieces p, double d, double[] out) {
        double s = p.c.df(d);
        if (Double.isInfinite(s) || Double.isNaN(s)) {
            horizontal(p.c, p.l, p.u, out);
            return;
        }
        line(p, s, d, out);
        out[TOUCH] = d;
    }

    /** Slope s with the lowest sound intercept; {@code d}: a point where the line is f's tangent (or NaN). */
    private static void line(Pieces p, double s, double d, double[] out) {
        double m = Double.isFinite(s) ? maxGap(p, s, d) : Double.NaN;
        double b = m + SLACK * (p.fmax + Math.abs(s) * Math.max(Math.abs(p.l), Math.abs(p.u)) + Math.abs(m))
            + Double.MIN_NORMAL;
        if (!Double.isFinite(b)) {
            horizontal(p.c, p.l, p.u, out);
            return;
        }
        out[SLOPE] = s;
        out[INTERCEPT] = b;
        out[TOUCH] = Double.NaN;
    }

    /** The constant line at the top of f's range: sound for any interval, also unbounded ones. */
    private static void horizontal(Curve c, double l, double u, double[] out) {
        double[] r = new double[2];
        c.range(l, u, r);
        out[SLOPE] = 0;
        out[INTERCEPT] = r[1];
        out[TOUCH] = Double.NaN;
    }

    /** An upper bound of max (f(x) - s x) over [l, u]; d: the tangent point of slope s, or NaN. */
    private static double maxGap(Pieces p, double s, double d) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.pieces(); i++) {
            double a = p.x[i];
            double b = p.x[i + 1];
            if (p.convex(i)) {
                m = Math.max(m, Math.max(p.f(i) - s * a, p.f(i + 1) - s * b));
            } else if (d >= a && d <= b) {
                // the tangent of a concave piece lies above all of it
                m = Math.max(m, p.value(d) - s * d);
            } else {
                m = Math.max(m, concaveMax(p, i, s));
            }
        }
        return m;
    }

    /** max (f(x) - s x) over concave piece i: at an end, or where f' = s. */
    private static double concaveMax(Pieces p, int i, double s) {
        Curve c = p.c;
        double a = p.x[i];
        double b = p.x[i + 1];
        double ga = c.df(a) - s;
        double gb = c.df(b) - s;
        if (Double.isNaN(ga) || Double.isNaN(gb)) {
            return Double.NaN;
        }
        if (ga <= 0) {
            return p.f(i) - s * a;
        }
        if (gb >= 0) {
            return p.f(i + 1) - s * b;
        }
        double lo = a;
        double hi = b;
        for (int k = 0; k < BISECTIONS; k++) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (c.df(mid) - s > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double r = lo + (hi - lo) / 2;
        // concavity: f(x) - s x <= g(r) + g'(r) (x - r) on the whole piece, whatever r's error
        return p.value(r) - s * r + Math.abs(c.df(r) - s) * Math.max(r - a, b - r);
    }

    /** [l, u] cut at the inflection points, with the values of f at the cuts computed once. */
    private static final class Pieces {
        final Curve c;
        final double l;
        final double u;
        final double[] x;
        private final double[] fx;
        private final boolean[] known;
        private final boolean[] convex;
        /** The largest |f| evaluated, for the padding. */
        double fmax;

        Pieces(Curve c, double l, double u, double[] breaks) {
            this.c = c;
            this.l = l;
            this.u = u;
            x = new double[breaks.length + 2];
            x[0] = l;
            System.arraycopy(breaks, 0, x, 1, breaks.length);
            x[x.length - 1] = u;
            fx = new double[x.length];
            known = new boolean[x.length];
            convex = new boolean[x.length - 1];
            for (int i = 0; i < convex.length; i++) {
                convex[i] = c.curvature(x[i] + (x[i + 1] - x[i]) / 2) >= 0;
            }
        }

        int pieces() {
            return convex.length;
        }

        int last() {
            return x.length - 1;
        }

        /** Convex or linear (a line above f is checked at its ends). */
        boolean convex(int i) {
            return convex[i];
        }

        boolean anyConcave() {
            for (boolean v : convex) {
                if (!v) {
                    return true;
                }
            }
            return false;
        }

        /** f at cut i. */
        double f(int i) {
            if (!known[i]) {
                fx[i] = value(x[i]);
                known[i] = true;
            }
            return fx[i];
        }

        double value(double t) {
            double v = c.f(t);
            fmax = Math.max(fmax, Math.abs(v));
            return v;
        }
    }
}
