package io.netverify.verifier.spec;

import java.math.BigDecimal;

/** Evaluation of a system of linear constraints {@code M v <= r}, shared by input and output constraints. */
final class LinearRows {
    private LinearRows() {
    }

    /** Checks the shapes: one right-hand side per row, every row {@code width} long. */
    static void check(double[][] m, double[] r, int width, String what) {
        if (m.length != r.length) {
            throw new IllegalArgumentException(what + " has " + m.length + " rows but " + r.length + " right-hand sides");
        }
        for (double[] row : m) {
            if (row.length != width) {
                throw new IllegalArgumentException(what + " row has " + row.length + " columns, expected " + width);
            }
        }
    }

    /**
     * Whether every row holds, {@code M v} summed exactly and compared exactly with {@code r}. A
     * non-finite entry of v that a row uses fails the row: it stands for no real value.
     */
    static boolean holds(double[][] m, BigDecimal[] r, double[] v) {
        return holdsOnBox(m, r, v, v);
    }

    /**
     * Whether every row holds at every real point of the box {@code lower <= v <= upper}: each row's
     * maximum over the box, summed exactly, compared exactly with {@code r}. A non-finite bound that a
     * row uses fails the row.
     */
    static boolean holdsOnBox(double[][] m, BigDecimal[] r, double[] lower, double[] upper) {
        checkLength(upper, lower.length, "upper bounds");
        for (int i = 0; i < m.length; i++) {
            checkLength(lower, m[i].length, "vector");
            BigDecimal s = BigDecimal.ZERO;
            for (int j = 0; j < lower.length; j++) {
                double a = m[i][j];
                if (a != 0) {
                    double v = a > 0 ? upper[j] : lower[j];
                    if (!Double.isFinite(v)) {
                        return false;
                    }
                    s = s.add(a == 1 ? new BigDecimal(v) : new BigDecimal(a).multiply(new BigDecimal(v)));
                }
            }
            if (s.compareTo(r[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** max_i (M_i v - r_i); negative infinity for no rows, which every v satisfies. */
    static double maxResidual(double[][] m, double[] r, double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m.length; i++) {
            max = Math.max(max, dot(m[i], v) - r[i]);
        }
        return max;
    }

    static void checkLength(double[] v, int expected, String what) {
        if (v.length != expected) {
            throw new IllegalArgumentException(what + " has length " + v.length + ", expected " + expected);
        }
    }

    private static double dot(double[] row, double[] v) {
        checkLength(v, row.length, "vector");
        double s = 0;
        for (int j = 0; j < row.length; j++) {
            if (row[j] != 0) {
                s += row[j] * v[j];
            }
        }
        return s;
    }
}
