package io.netverify.bab.lp;

import io.netverify.bounds.relax.OutwardRounding;

/**
 * The LP rows of one element {@code y = f(x)} of a function that is x for x >= 0 and {@code s x}
 * below (ReLU s = 0, LeakyRelu, Abs s = -1), over x in [l, u]: where the sign of x is fixed, f is
 * linear and the rows are its line; across 0 they are the convex hull of f's graph, the two lines
 * on one side and the chord through (l, f(l)) and (u, u) on the other (the triangle for ReLU). f is
 * convex for s <= 1 (the lines below, the chord above) and concave for s > 1.
 *
 * <p>Every element gets the same rows, with the same pattern over (y, x), whatever its bounds: row 1
 * {@code y - x}, row 2 {@code y - s x} (left out for ReLU, where it is y's bound 0), row 3 the chord.
 * The evaluator rounds s x (unless |s| is 0 or 1) by at most {@link #pad}; the rows hold for the
 * rounded function as well as the real one. The chord's side is rounded outward from both vertices:
 * along f's graph its left side is convex (concave) in x, so the vertices bound it.
 */
final class KinkHull {
    private static final double INF = Double.POSITIVE_INFINITY;

    private final double s;

    KinkHull(double s) {
        this.s = s;
    }

    /** Rows per element. */
    int rows() {
        return s == 0 ? 2 : 3;
    }

    private boolean convex() {
        return s <= 1;
    }

    /** A bound on |fl(s x) - s x| for x in [l, 0]: 0 where s x is exact. */
    private double pad(double l) {
        return l < 0 && s != 0 && Math.abs(s) != 1 ? OutwardRounding.padUp(0, s * l) : 0;
    }

    private double f(double x) {
        return x >= 0 ? x : s == 0 ? 0 : s * x;
    }

    /** [lo, hi] of f over [l, u] (rounded outward): the bounds of y that x's bounds imply. */
    double[] range(double l, double u) {
        double lo = Math.min(f(l), f(u));
        double hi = Math.max(f(l), f(u));
        if (l < 0 && u > 0) {
            lo = Math.min(lo, 0);
            hi = Math.max(hi, 0);
        }
        double pad = pad(l);
        return new double[] {pad == 0 ? lo : OutwardRounding.below(lo, pad), pad == 0 ? hi : OutwardRounding.above(hi, pad)};
    }

    /** Adds the element's rows over variables y and x; returns whether it is relaxed (0 strictly inside [l, u]). */
    boolean add(LpBuilder lp, int y, int x, double l, double u) {
        boolean unstable = l < 0 && u > 0;
        double pad = pad(l);
        lp.term(y, 1).term(x, -1);
        if (l >= 0) {
            lp.endRow(0, 0);
        } else {
            lp.endRow(convex() ? 0 : -INF, convex() ? INF : 0);
        }
        if (s != 0) {
            lp.term(y, 1).term(x, -s);
            if (l >= 0) {
                lp.endRow(-INF, INF);
            } else if (u <= 0) {
                lp.endRow(-pad, pad);
            } else {
                lp.endRow(convex() ? -pad : -INF, convex() ? INF : pad);
            }
        }
        if (unstable) {
            chord(lp, y, x, l, u, pad);
        } else {
            lp.term(y, 1).term(x, -1).endRow(-INF, INF);
        }
        return unstable;
    }

    /**
     * {@code a y - b x <= side} (convex) or {@code >= side} (concave) with a = u - l, b = u - s l as
     * rounded: along f's graph the left side is l (a s - b) at l and u (a - b) at u, and the rounded
     * s x moves it by at most a pad. A row that cannot be written in finite numbers is left free.
     */
    private void chord(LpBuilder lp, int y, int x, double l, double u, double pad) {
        double a = u - l;
        double b = u - s * l;
        double side;
        if (convex()) {
            double atLower = DirectedRounding.mulUp(l, DirectedRounding.addDown(DirectedRounding.mulDown(a, s), -b));
            double atUpper = DirectedRounding.mulUp(u, DirectedRounding.addUp(a, -b));
            side = DirectedRounding.addUp(Math.max(atLower, atUpper), DirectedRounding.mulUp(a, pad));
        } else {
            double atLower = DirectedRounding.mulDown(l, DirectedRounding.addUp(DirectedRounding.mulUp(a, s), -b));
            double atUpper = DirectedRounding.mulDown(u, DirectedRounding.addDown(a, -b));
            side = DirectedRounding.addDown(Math.min(atLower, atUpper), -DirectedRounding.mulUp(a, pad));
        }
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(side)) {
            lp.term(y, 1).term(x, -1).endRow(-INF, INF);
        } else {
            lp.term(y, a).term(x, -b).endRow(convex() ? -INF : side, convex() ? side : INF);
        }
    }
}
