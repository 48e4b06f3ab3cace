package io.netverify.bab.lp;

import java.util.Arrays;

/**
 * A linear program {@code min c.x} subject to {@code rowLower <= A x <= rowUpper} and
 * {@code lower <= x <= upper}, with A sparse by rows: row i has the entries
 * {@code columns[rowStart[i] .. rowStart[i+1])} with values {@code values[...]}. Infinite sides are
 * allowed. The arrays are read only once shared; problems with the same structure (same sparsity
 * pattern) can be re-solved incrementally by an {@link LpSession}.
 */
public record LpProblem(double[] objective, double[] lower, double[] upper,
                        int[] rowStart, int[] columns, double[] values, double[] rowLower, double[] rowUpper) {
    public LpProblem {
        int n = objective.length;
        int m = rowLower.length;
        if (lower.length != n || upper.length != n) {
            throw new IllegalArgumentException("variable bounds of " + lower.length + "/" + upper.length
                + " variables for " + n + " objective coefficients");
        }
        if (rowUpper.length != m || rowStart.length != m + 1 || rowStart[m] != columns.length
            || values.length != columns.length) {
            throw new IllegalArgumentException("inconsistent row arrays for " + m + " rows");
        }
        for (int k : columns) {
            if (k < 0 || k >= n) {
                throw new IllegalArgumentException("column " + k + " outside 0.." + (n - 1));
            }
        }
    }

    public int variableCount() {
        return objective.length;
    }

    public int rowCount() {
        return rowLower.length;
    }

    /** The same constraints with another objective. */
    public LpProblem withObjective(double[] c) {
        return new LpProblem(c, lower, upper, rowStart, columns, values, rowLower, rowUpper);
    }

    /** Whether the other problem has the same variables, rows and sparsity pattern (values may differ). */
    public boolean sameStructure(LpProblem other) {
        return other.variableCount() == variableCount() && other.rowCount() == rowCount()
            && (other.rowStart == rowStart || Arrays.equals(other.rowStart, rowStart))
            && (other.columns == columns || Arrays.equals(other.columns, columns));
    }
}
