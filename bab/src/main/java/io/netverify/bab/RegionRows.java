package io.netverify.bab;

import io.netverify.bab.lp.JointRowBound;
import io.netverify.bab.lp.LpSolver;
import io.netverify.bounds.Interval;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The margin rows {@code c_k . y - d_k} of some unsafe regions stacked into one matrix {@code C y + offsets}
 * for one bound pass, and the way back from row bounds to region bounds: a region is excluded when
 * its best row's lower bound is positive. Shared by every strategy that bounds a property's margins.
 */
public final class RegionRows {
    private final double[][] c;
    private final double[] offsets;
    /** Rows of region i (of the given ones) are {@code start[i] .. start[i+1]-1}. */
    private final int[] start;

    private RegionRows(double[][] c, double[] offsets, int[] start) {
        this.c = c;
        this.offsets = offsets;
        this.start = start;
    }

    /** The rows of {@code regions[i]} for each i in {@code which}, in that order. */
    public static RegionRows of(List<UnsafeRegion> regions, int[] which) {
        int total = 0;
        int[] start = new int[which.length + 1];
        for (int i = 0; i < which.length; i++) {
            start[i] = total;
            total += regions.get(which[i]).c().length;
        }
        start[which.length] = total;
        double[][] c = new double[total][];
        double[] offsets = new double[total];
        for (int i = 0; i < which.length; i++) {
            UnsafeRegion r = regions.get(which[i]);
            for (int k = 0; k < r.c().length; k++) {
                c[start[i] + k] = r.c()[k];
                offsets[start[i] + k] = -r.d()[k];
            }
        }
        return new RegionRows(c, offsets, start);
    }

    /** The coefficient matrix C (read only). */
    public double[][] c() {
        return c;
    }

    /** The offsets {@code -d} (read only). */
    public double[] offsets() {
        return offsets;
    }

    /** Rows of region i are {@code firstRow(i) .. firstRow(i + 1) - 1}. */
    public int firstRow(int i) {
        return start[i];
    }

    /** The rows of the given regions (ascending), ascending. */
    public int[] rowsOf(int[] regions) {
        return java.util.Arrays.stream(regions).flatMap(i -> IntStream.range(start[i], start[i + 1])).toArray();
    }

    /** A lower bound of region i's margin from lower bounds of the rows: the best row's (> 0: excluded). */
    public double regionBound(double[] rowLower, int i) {
        double best = Double.NEGATIVE_INFINITY;
        for (int k = start[i]; k < start[i + 1]; k++) {
            best = Math.max(best, rowLower[k]);
        }
        return best;
    }

    /**
     * Like {@link #regionBound(double[], int)}, but a region of several rows none of which is
     * excluded alone is also bounded by its rows together ({@link JointRowBound}, one small LP) from
     * the rows' linear lower bounds over the box.
     */
    public double regionBound(double[] rowLower, double[] linearLower, double[] coefficients, Interval box, int i,
                              LpSolver solver) {
        double single = regionBound(rowLower, i);
        if (single > 0 || start[i + 1] - start[i] < 2 || coefficients == null || linearLower == null) {
            return single;
        }
        return JointRowBound.lower(rowLower, linearLower, coefficients, IntStream.range(start[i], start[i + 1]).toArray(),
            box, solver);
    }
}
