package io.netverify.bounds.relax;

/**
 * Sound upper lines {@code f(x) <= s x + b} of a {@link Curve} over [l, u] (lower lines are upper
 * lines of -f). The slope is chosen for tightness; the intercept is then made sound by computing
 * {@code max (f(x) - s x)} over [l, u]: on a convex piece the maximum is at an end, on a concave
 * piece at the point where f' = s (found by bisection, with a tangent-line bound covering the
 * bisection's remaining error) or, for the tangent at a point of that piece, at the tangent point.
 * The intercept is finally padded by a few ulps of every magnitude involved.
 *
 * <p>Soundness does not rest on the slope being a true derivative: f'(x) is known only to within
 * {@link Curve#slopeError} (its rounding, or its underflow to 0 where 1/x^2 at x = 1e160 is below
 * the smallest double), and where the maximum is located through f', the bound adds that error times
 * the distance it acts over (a concave g has g(x) <= g(r) + g'(r) (x - r)). Where that makes the line
 * worse than the horizontal line at the top of f's range (a slope lost to underflow), the horizontal
 * line is taken. Unbounded intervals, overflowing values and NaN all end in the horizontal line, the
 * range's sound constant. Where the curve gives no inflection points (a periodic function over a
 * full period) the line is horizontal.
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
    /**
     * Further indices: the slope's derivatives with respect to the parameter d, to l and to u, and
     * where the line's gap above f is largest (the point that fixes the intercept, NaN when the
     * intercept is a bound f never passes), from which {@link LineDerivatives} derives the intercept's.
     */
    static final int DS_D = 3, DS_L = 4, DS_U = 5, ARGMAX = 6;
    /** The length of a line array. */
    static final int WIDTH = 7;

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
            double s = (p.f(p.last()) - p.f(0)) / (u - l);
            line(p, s, Double.NaN, out, 0, (s - c.df(l)) / (u - l), (c.df(u) - s) / (u - l));
        } else if (!Double.isNaN(d)) {
            // the tangent point is d, or the end it is clamped to
            double t = Math.min(u, Math.max(l, d));
            double rate = c.d2f(t);
            tangent(p, t, out, d >= l && d <= u ? rate : 0, d < l ? rate : 0, d > u ? rate : 0);
        } else if (p.pieces() == 1) {
            double m = midpoint(l, u);
            double half = c.d2f(m) / 2;
            tangent(p, m, out, 0, half, half);
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
        return OutwardRounding.padUp(m, scale);
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
        double m = midpoint(p.l, p.u);
        boolean pivotsOnly = c.pivotsOnly();
        double[] best = new double[WIDTH];
        best[INTERCEPT] = Double.POSITIVE_INFINITY;
        double[] cand = new double[WIDTH];
        if (!pivotsOnly && c.curvature(m) < 0) {
            double half = c.d2f(m) / 2;
            tangent(p, m, cand, 0, half, half);
            keepLower(cand, best, m);
        }
        if (!pivotsOnly || p.convex(0)) {
            pivotLeft(p, cand);
            keepLower(cand, best, m);
        }
        if (!pivotsOnly || p.convex(p.pieces() - 1)) {
            Curve mc = c.mirror();
            pivotLeft(new Pieces(mc, -p.u, -p.l, mc.inflections(-p.u, -p.l)), cand);
            // mirrored: slope and ends change sign, so the slope moves with u as the mirror's with its l
            double dsL = cand[DS_U];
            double dsU = cand[DS_L];
            if (Double.isNaN(cand[TOUCH])) {
                cand[SLOPE] = -cand[SLOPE];
                cand[DS_L] = dsL;
                cand[DS_U] = dsU;
                cand[ARGMAX] = -cand[ARGMAX];
            } else {
                // the same tangent as alpha-CROWN's line at this point (its intercept found on f's own pieces)
                tangent(p, -cand[TOUCH], cand, 0, dsL, dsU);
            }
            keepLower(cand, best, m);
        }
        if (!pivotsOnly && c.criticalPoints(p.l, p.u).length > 0) {
            line(p, 0, Double.NaN, cand, 0, 0, 0);
            keepLower(cand, best, m);
        }
        if (Double.isInfinite(best[INTERCEPT])) {
            horizontal(c, p.l, p.u, out);
        } else {
            System.arraycopy(best, 0, out, 0, WIDTH);
        }
    }

    private static void keepLower(double[] cand, double[] best, double m) {
        if (cand[SLOPE] * m + cand[INTERCEPT] < best[SLOPE] * m + best[INTERCEPT]) {
            System.arraycopy(cand, 0, best, 0, WIDTH);
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
        // the other point the line passes through: a tangent point or a piece end
        int end = 0;
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
                end = i + 1;
            }
        }
        // through (l, f(l)) and a point r: ds/dl = (s - f'(l)) / (r - l), and only an end r = u moves
        // it further (f' = s at a tangent point, so the point's own motion does not count)
        double dfl = c.df(l);
        if (Double.isNaN(touch)) {
            double reach = p.x[end] - l;
            line(p, best, Double.NaN, out, 0, (best - dfl) / reach, end == p.last() ? (c.df(p.u) - best) / reach : 0);
        } else if (touch == l) {
            tangent(p, touch, out, 0, c.d2f(l), 0);
        } else {
            tangent(p, touch, out, 0, (c.df(touch) - dfl) / (touch - l), 0);
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
            double mid = midpoint(a, b);
            if (mid <= a || mid >= b) {
                break;
            }
            if (c.f(mid) - fl - c.df(mid) * (mid - p.l) < 0) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return midpoint(a, b);
    }

    /**
     * The tangent at d: slope f'(d), intercept made sound (exact on d's piece when it is concave);
     * the slope's derivatives as given.
     */
    private static void tangent(Pieces p, double d, double[] out, double dsD, double dsL, double dsU) {
        double s = p.c.df(d);
        if (Double.isInfinite(s) || Double.isNaN(s)) {
            horizontal(p.c, p.l, p.u, out);
            return;
        }
        line(p, s, d, out, dsD, dsL, dsU);
        out[TOUCH] = d;
    }

    /**
     * Slope s with the lowest sound intercept; {@code d}: a point where the line is f's tangent (or
     * NaN). The padding covers the roundings of f (a few ulps of fmax), of s x and of the gap; the
     * slope error is in the gap already. The slope's derivatives as given.
     */
    private static void line(Pieces p, double s, double d, double[] out, double dsD, double dsL, double dsU) {
        p.slopeSlack = 0;
        // the padding depends on this line's own evaluations only (the same line whatever came before)
        p.fmax = 0;
        for (int i = 0; i <= p.last(); i++) {
            p.fmax = Math.max(p.fmax, Math.abs(p.f(i)));
        }
        double m = Double.isFinite(s) ? maxGap(p, s, d) : Double.NaN;
        double b = OutwardRounding.padUp(m, p.fmax + Math.abs(s) * Math.max(Math.abs(p.l), Math.abs(p.u)));
        if (!Double.isFinite(b)) {
            horizontal(p.c, p.l, p.u, out);
            return;
        }
        out[SLOPE] = s;
        out[INTERCEPT] = b;
        out[TOUCH] = Double.NaN;
        out[DS_D] = dsD;
        out[DS_L] = dsL;
        out[DS_U] = dsU;
        out[ARGMAX] = touching(p, m, dsD);
        if (p.slopeSlack > 1e-6 * (p.fmax + Math.abs(m))) {
            // the slope's error dominates: keep the line only where it beats the constant somewhere
            double[] flat = new double[WIDTH];
            horizontal(p.c, p.l, p.u, flat);
            if (!(Math.min(s * p.l, s * p.u) + b < flat[INTERCEPT])) {
                System.arraycopy(flat, 0, out, 0, WIDTH);
            }
        }
    }

    /** The constant line at the top of f's range: sound for any interval, also unbounded ones. */
    private static void horizontal(Curve c, double l, double u, double[] out) {
        double[] r = new double[2];
        c.range(l, u, r);
        out[SLOPE] = 0;
        out[INTERCEPT] = r[1];
        out[TOUCH] = Double.NaN;
        out[DS_D] = 0;
        out[DS_L] = 0;
        out[DS_U] = 0;
        out[ARGMAX] = Double.NaN;
        // the maximum of f moves with an end where it lies there; not over many periods (no inflection
        // points given), where the range is fixed and the critical points too many to list
        if (Double.isFinite(l) && Double.isFinite(u) && r[1] < c.highest() && c.inflections(l, u) != null) {
            double at = c.f(u) >= c.f(l) ? u : l;
            double top = c.f(at);
            for (double x : c.criticalPoints(l, u)) {
                if (c.f(x) > top) {
                    top = c.f(x);
                    at = x;
                }
            }
            out[ARGMAX] = at;
        }
    }

    /**
     * Where the line touches f, of the pieces' maximisers whose gap ties with the largest m (the
     * default line through an end that is tangent elsewhere touches twice): the one whose gap grows
     * fastest as d increases, so that the intercept's derivative is the one-sided derivative in d's
     * increasing direction (Danskin's theorem for a maximum).
     */
    private static double touching(Pieces p, double m, double dsD) {
        double tie = 1e-9 * (Math.abs(m) + p.fmax + Math.abs(p.l) + Math.abs(p.u));
        double best = p.argmax;
        for (int i = 0; i < p.pieces(); i++) {
            if (p.gaps[i] >= m - tie && -p.ats[i] * dsD > -best * dsD) {
                best = p.ats[i];
            }
        }
        return best;
    }

    /**
     * An upper bound of max (f(x) - s x) over [l, u] (NaN where a value is NaN); d: the point where
     * s = df(d), or NaN.
     */
    private static double maxGap(Pieces p, double s, double d) {
        double m = Double.NEGATIVE_INFINITY;
        p.argmax = Double.NaN;
        for (int i = 0; i < p.pieces(); i++) {
            double a = p.x[i];
            double b = p.x[i + 1];
            double g;
            if (p.convex(i)) {
                double ga = p.f(i) - s * a;
                double gb = p.f(i + 1) - s * b;
                g = Math.max(ga, gb);
                p.at = ga >= gb ? a : b;
            } else if (d >= a && d <= b) {
                // the true tangent at d lies above a concave piece; s differs from its slope by at most the slope error
                g = p.value(d) - s * d + p.slack(d, Math.max(d - a, b - d));
                p.at = d;
            } else {
                g = concaveMax(p, i, s);
            }
            if (g > m) {
                m = g;
                p.argmax = p.at;
            }
            p.gaps[i] = g;
            p.ats[i] = p.at;
            m = Math.max(m, g);
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
        // a computed ga <= 0 means df(a) <= s (a difference is exact where it underflows), and
        // f'(a) - s <= the slope error: concavity bounds g by g(a) + that error times (x - a)
        if (ga <= 0) {
            p.at = a;
            return p.f(i) - s * a + p.slack(a, b - a);
        }
        if (gb >= 0) {
            p.at = b;
            return p.f(i + 1) - s * b + p.slack(b, b - a);
        }
        double lo = a;
        double hi = b;
        for (int k = 0; k < BISECTIONS; k++) {
            double mid = midpoint(lo, hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (c.df(mid) - s > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double r = midpoint(lo, hi);
        // concavity: f(x) - s x <= g(r) + g'(r) (x - r) on the whole piece, whatever r's error
        double reach = Math.max(r - a, b - r);
        p.at = r;
        return p.value(r) - s * r + Math.abs(c.df(r) - s) * reach + p.slack(r, reach);
    }

    /** (a + b) / 2 without overflow, inside [a, b]. */
    private static double midpoint(double a, double b) {
        double m = 0.5 * a + 0.5 * b;
        return Math.min(b, Math.max(a, m));
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
        /** The largest slope-error term added to a gap by the current line. */
        double slopeSlack;
        /** Where the last piece's gap was largest, and where the whole line's was. */
        double at;
        double argmax;
        /** Each piece's largest gap and where it is, for ties. */
        final double[] gaps;
        final double[] ats;

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
            gaps = new double[convex.length];
            ats = new double[convex.length];
            for (int i = 0; i < convex.length; i++) {
                convex[i] = c.curvature(midpoint(x[i], x[i + 1])) >= 0;
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

        /** How far f' - df at t can move a gap over a distance {@code reach}: the slope error times it. */
        double slack(double t, double reach) {
            double e = c.slopeError(t) * reach;
            slopeSlack = Math.max(slopeSlack, e);
            return e;
        }
    }
}
