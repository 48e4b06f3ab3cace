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
            double v = x[i];
            if (!Double.isFinite(v) || Decimals.compare(v, exactLower[i]) < 0) {
                v = Decimals.up(exactLower[i]);
            } else if (Decimals.compare(v, exactUpper[i]) > 0) {
                v = Decimals.down(exactUpper[i]);
            }
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

    @Override
    public String toString() {
        return "InputBox[" + lower.length + " inputs]";
    }
}
