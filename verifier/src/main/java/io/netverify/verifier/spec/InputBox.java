package io.netverify.verifier.spec;

import java.math.BigDecimal;

/**
 * The box {@code exactLower <= x <= exactUpper} of one specification case, with the file's constants
 * kept exactly, and {@code lower}/{@code upper}: those bounds rounded outwards to doubles, the box a
 * proof must cover. Every bound is finite and {@code lower[i] <= upper[i]} when it comes from the
 * parser. A point is in the box when it satisfies the exact bounds. Arrays are shared, not copied:
 * read only.
 */
public record InputBox(double[] lower, double[] upper, BigDecimal[] exactLower, BigDecimal[] exactUpper) {
    public InputBox {
        LinearRows.checkLength(upper, lower.length, "upper bounds");
        if (exactLower.length != lower.length || exactUpper.length != lower.length) {
            throw new IllegalArgumentException("exact bounds for " + exactLower.length + " and " + exactUpper.length
                + " inputs, expected " + lower.length);
        }
    }

    /** The box with exactly these (finite) bounds. */
    public InputBox(double[] lower, double[] upper) {
        this(lower, upper, Decimals.exact(lower), Decimals.exact(upper));
    }

    public int dimension() {
        return lower.length;
    }

    /** Whether x lies in the box, compared with the exact bounds. */
    public boolean contains(double[] x) {
        LinearRows.checkLength(x, lower.length, "input");
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || Decimals.compare(x[i], exactLower[i]) < 0 || Decimals.compare(x[i], exactUpper[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * x with every coordinate outside the exact bounds moved to the nearest double inside them; x
     * itself when it is inside. A search over the rounded-out box may end on its corners, a rounding
     * step outside the file's box. Null when some bound pair that x is outside of holds no double at
     * all (e.g. {@code X_0 = 0.1} exactly).
     */
    public double[] nearestInside(double[] x) {
        LinearRows.checkLength(x, lower.length, "input");
        double[] r = null;
        for (int i = 0; i < x.length; i++) {
            double v = movedInside(i, x[i]);
            if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(x[i])) {
                if (Decimals.compare(v, exactLower[i]) < 0 || Decimals.compare(v, exactUpper[i]) > 0) {
                    return null;
                }
                if (r == null) {
                    r = x.clone();
                }
                r[i] = v;
            }
        }
        return r == null ? x : r;
    }

    /**
     * The real inputs that x may stand for when some exact bound pair holds no double (e.g.
     * {@code X_0 = 0.1}, where {@link #nearestInside} gives null): each such coordinate spans the two
     * doubles around its exact interval (the rounded-out bounds, one rounding step apart), every other
     * coordinate is x's, moved inside the exact bounds, as a single point. The box contains a point of
     * the file's exact box; its witness is the point with each spanned coordinate at the double nearer
     * the middle of its exact interval. Null when every bound pair holds a double.
     */
    public Enclosure enclosureAround(double[] x) {
        LinearRows.checkLength(x, lower.length, "input");
        double[] lo = new double[x.length];
        double[] hi = new double[x.length];
        double[] witness = new double[x.length];
        boolean spanned = false;
        for (int i = 0; i < x.length; i++) {
            if (Math.nextUp(lower[i]) == upper[i] && Decimals.compare(upper[i], exactUpper[i]) > 0
                && Decimals.compare(lower[i], exactLower[i]) < 0) {
                // no double between the exact bounds: a + b against lo + hi says which double is nearer the middle
                spanned = true;
                lo[i] = lower[i];
                hi[i] = upper[i];
                BigDecimal ends = new BigDecimal(lower[i]).add(new BigDecimal(upper[i]));
                witness[i] = exactLower[i].add(exactUpper[i]).compareTo(ends) < 0 ? lower[i] : upper[i];
            } else {
                double v = movedInside(i, x[i]);
                lo[i] = v;
                hi[i] = v;
                witness[i] = v;
            }
        }
        return spanned ? new Enclosure(lo, hi, witness) : null;
    }

    /** v, or the double next to it inside coordinate i's exact bounds when it is outside (or not finite). */
    private double movedInside(int i, double v) {
        if (!Double.isFinite(v) || Decimals.compare(v, exactLower[i]) < 0) {
            return Decimals.up(exactLower[i]);
        }
        return Decimals.compare(v, exactUpper[i]) > 0 ? Decimals.down(exactUpper[i]) : v;
    }

    /**
     * A box of reals {@code lower <= x <= upper} and a double point in it, from {@link #enclosureAround}.
     * Arrays are shared: read only.
     */
    public record Enclosure(double[] lower, double[] upper, double[] witness) {
    }

    @Override
    public String toString() {
        return "InputBox[" + lower.length + " inputs]";
    }
}
