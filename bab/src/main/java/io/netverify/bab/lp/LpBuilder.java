package io.netverify.bab.lp;

import java.util.Arrays;

/** Builds an {@link LpProblem} variable by variable and row by row ({@code term}s, then {@code endRow}). */
public final class LpBuilder {
    private double[] objective = new double[16];
    private double[] lower = new double[16];
    private double[] upper = new double[16];
    private int variables;
    private int[] rowStart = new int[17];
    private double[] rowLower = new double[16];
    private double[] rowUpper = new double[16];
    private int rows;
    private int[] columns = new int[64];
    private double[] values = new double[64];
    private int entries;

    /** Adds a variable with bounds [lo, hi] and objective coefficient 0; returns its index. */
    public int variable(double lo, double hi) {
        if (variables == lower.length) {
            objective = Arrays.copyOf(objective, 2 * variables);
            lower = Arrays.copyOf(lower, 2 * variables);
            upper = Arrays.copyOf(upper, 2 * variables);
        }
        lower[variables] = lo;
        upper[variables] = hi;
        return variables++;
    }

    public void objective(int variable, double c) {
        objective[variable] = c;
    }

    /** Adds {@code value * x[variable]} to the row being built. */
    public LpBuilder term(int variable, double value) {
        if (entries == columns.length) {
            columns = Arrays.copyOf(columns, 2 * entries);
            values = Arrays.copyOf(values, 2 * entries);
        }
        columns[entries] = variable;
        values[entries++] = value;
        return this;
    }

    /**
     * Closes the row of the terms added since the last row as {@code lo <= sum <= hi}; returns its
     * index. Repeated variables are merged into one entry (engines set, not add, coefficients).
     */
    public int endRow(double lo, double hi) {
        mergeRepeatedColumns();
        if (rows == rowLower.length) {
            rowLower = Arrays.copyOf(rowLower, 2 * rows);
            rowUpper = Arrays.copyOf(rowUpper, 2 * rows);
            rowStart = Arrays.copyOf(rowStart, 2 * rows + 1);
        }
        rowLower[rows] = lo;
        rowUpper[rows] = hi;
        rowStart[++rows] = entries;
        return rows - 1;
    }

    private void mergeRepeatedColumns() {
        int from = rowStart[rows];
        int[] sorted = Arrays.copyOfRange(columns, from, entries);
        Arrays.sort(sorted);
        boolean repeated = false;
        for (int k = 1; k < sorted.length && !repeated; k++) {
            repeated = sorted[k] == sorted[k - 1];
        }
        if (!repeated) {
            return;
        }
        int end = from;
        for (int k = from; k < entries; k++) {
            int seen = -1;
            for (int q = from; q < end && seen < 0; q++) {
                seen = columns[q] == columns[k] ? q : -1;
            }
            if (seen >= 0) {
                values[seen] += values[k];
            } else {
                columns[end] = columns[k];
                values[end++] = values[k];
            }
        }
        entries = end;
    }

    public int variableCount() {
        return variables;
    }

    public LpProblem build() {
        return new LpProblem(Arrays.copyOf(objective, variables), Arrays.copyOf(lower, variables),
            Arrays.copyOf(upper, variables), Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(columns, entries),
            Arrays.copyOf(values, entries), Arrays.copyOf(rowLower, rows), Arrays.copyOf(rowUpper, rows));
    }
}
