package io.netverify.bounds.relax;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Where to split a neuron of one element-wise function, as in GenBaB: the point p of (l, u) whose
 * two children have the least total relaxation area, {@code area(l, p) + area(p, u)}, with area the
 * integral of (upper line - lower line) of the default relaxation over the child
 * ({@link ElementwiseRelaxation#gapArea}).
 *
 * <p>Optimised points are kept in a lookup table over interval shapes, filled lazily per cell (a
 * cell is optimised once, at first use, by {@link #localMinima}; computing the whole table up
 * front would take far longer than a run looks up). The grid is relative to the width, so that
 * the narrow intervals deep in branch and bound are resolved as well as wide ones: the width's
 * level (4 per octave) sets a step of 1/32 of the width, to which both ends are rounded. A cell
 * keeps its best two local minima as fractions of its own interval; a query maps them to the same
 * fractions of its interval, takes the better there and refines it by a few golden-section steps
 * (the cell's interval differs from the queried one by up to half a step at either end). For a
 * periodic function the ends are taken modulo the period. Intervals beyond the table's range
 * (|l|, |u| up to {@code RANGE}; widths up to two periods) are optimised directly. The queried
 * interval's special points ({@link ElementwiseRelaxation#branchCandidates}: inflection points,
 * where the lines change shape and the objective jumps) are compared with the result.
 */
final class BranchPoints {
    /** Interior points of the direct dense scan; the best is then refined by golden-section search. */
    private static final int SCAN = 32;
    private static final int GOLDEN_STEPS = 30;
    /** Golden-section steps refining a table point, within {@link #REFINE} of the width around it. */
    private static final int REFINE_STEPS = 12;
    private static final double REFINE = 1.0 / 16;
    private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;
    /** Table range of non-periodic functions: |l|, |u| at most this. */
    private static final double RANGE = 32;
    /** Narrowest tabulated width (narrower ones are optimised directly; their gaps are rounding). */
    private static final double MIN_WIDTH = 0x1p-24;
    private static final int WIDTHS_PER_OCTAVE = 4;
    /** Grid steps per width of the width's level: ends are rounded to 1/32 of the width or finer. */
    private static final int STEPS_PER_WIDTH = 32;
    /** Cells kept at most (about 100 bytes each); beyond, cells are optimised but not kept. */
    private static final int MAX_CELLS = 1 << 20;

    private final ElementwiseRelaxation relax;
    private final double period;
    private final ConcurrentHashMap<Cell, double[]> cells = new ConcurrentHashMap<>();

    /** A cell: the width's level k and the ends' grid indices, the lower one and the difference. */
    private record Cell(int level, long lower, long span) {
    }

    /** The table of {@code relax}'s default relaxation; {@code period}: the function's period, or NaN. */
    BranchPoints(ElementwiseRelaxation relax, double period) {
        this.relax = relax;
        this.period = period;
    }

    /** The branch point of [l, u] (finite, l < u), strictly inside. */
    double point(double l, double u) {
        double w = u - l;
        double shift = Double.isNaN(period) ? 0 : Math.floor(l / period) * period;
        boolean tabulated = w >= MIN_WIDTH && (Double.isNaN(period)
            ? Math.max(Math.abs(l), Math.abs(u)) <= RANGE
            : w <= 2 * period && Math.abs(l) < 1e9);
        if (!tabulated) {
            return optimise(relax, l, u);
        }
        // the width's level sets the grid step; both ends are rounded to it
        int k = (int) Math.round(WIDTHS_PER_OCTAVE * Math.log(w) / Math.log(2));
        double step = Math.pow(2, (double) k / WIDTHS_PER_OCTAVE) / STEPS_PER_WIDTH;
        long i = Math.round((l - shift) / step);
        long j = Math.round((u - shift) / step);
        Cell key = new Cell(k, i, j - i);
        double[] ts = cells.get(key);
        if (ts == null) {
            double cl = i * step;
            double cu = j * step;
            double[][] minima = localMinima(relax, cl, cu);
            ts = new double[minima.length];
            for (int m = 0; m < ts.length; m++) {
                ts[m] = (minima[m][0] - cl) / (cu - cl);
            }
            if (cells.size() < MAX_CELLS) {
                cells.putIfAbsent(key, ts);
            }
        }
        // of the cell's minima the better one here, refined: the cell's interval is the queried one
        // only to within a step
        double[] best = {Double.NaN, Double.POSITIVE_INFINITY};
        for (double t : ts) {
            double p = l + t * w;
            keep(p, objective(relax, l, p, u), l, u, best);
        }
        if (Double.isNaN(best[0])) {
            return optimise(relax, l, u);
        }
        double p = best[0];
        golden(relax, l, u, Math.max(l, p - REFINE * w), Math.min(u, p + REFINE * w), REFINE_STEPS, best);
        candidates(relax, l, u, best);
        return best[0];
    }

    /** The point of (l, u) minimising the children's total area, found directly by {@link #localMinima}. */
    static double optimise(ElementwiseRelaxation relax, double l, double u) {
        double[] best = localMinima(relax, l, u)[0];
        candidates(relax, l, u, best);
        return best[0];
    }

    /**
     * The best two local minima {point, objective} of the objective over (l, u), best first (one
     * where there is only one): a dense scan, then golden-section search between the neighbours of
     * each. Both are kept because the objective of an S-shaped function over an interval across 0
     * has a minimum on each side, and which is lower flips with the interval's asymmetry.
     */
    static double[][] localMinima(ElementwiseRelaxation relax, double l, double u) {
        double w = u - l;
        double[] x = new double[SCAN + 2];
        double[] f = new double[SCAN + 2];
        x[0] = l;
        x[SCAN + 1] = u;
        f[0] = Double.POSITIVE_INFINITY;
        f[SCAN + 1] = Double.POSITIVE_INFINITY;
        int first = -1;
        int second = -1;
        for (int j = 1; j <= SCAN; j++) {
            x[j] = l + w * j / (SCAN + 1);
            f[j] = objective(relax, l, x[j], u);
        }
        for (int j = 1; j <= SCAN; j++) {
            if (f[j] <= f[j - 1] && f[j] <= f[j + 1] && !(j > 1 && f[j] == f[j - 1])) {
                if (first < 0 || f[j] < f[first]) {
                    second = first;
                    first = j;
                } else if (second < 0 || f[j] < f[second]) {
                    second = j;
                }
            }
        }
        if (first < 0) {
            // a flat or undefined objective: the midpoint
            return new double[][] {{l + 0.5 * w, objective(relax, l, l + 0.5 * w, u)}};
        }
        double[][] out = new double[second < 0 ? 1 : 2][];
        for (int m = 0; m < out.length; m++) {
            int j = m == 0 ? first : second;
            out[m] = new double[] {x[j], f[j]};
            golden(relax, l, u, x[j - 1], x[j + 1], GOLDEN_STEPS, out[m]);
        }
        if (out.length == 2 && out[1][1] < out[0][1]) {
            return new double[][] {out[1], out[0]};
        }
        return out;
    }

    /** The children's total relaxation area when [l, u] is split at p (infinite when not finite). */
    static double objective(ElementwiseRelaxation relax, double l, double p, double u) {
        double s = relax.gapArea(l, p) + relax.gapArea(p, u);
        return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
    }

    /**
     * Golden-section search of the objective over [a, b] (within (l, u)), keeping in {@code best}
     * (point, objective) the best point it evaluates.
     */
    private static void golden(ElementwiseRelaxation relax, double l, double u, double a, double b, int steps,
                               double[] best) {
        double x1 = b - INV_PHI * (b - a);
        double x2 = a + INV_PHI * (b - a);
        double f1 = objective(relax, l, x1, u);
        double f2 = objective(relax, l, x2, u);
        for (int s = 0; s < steps; s++) {
            keep(x1, f1, l, u, best);
            keep(x2, f2, l, u, best);
            if (f1 <= f2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - INV_PHI * (b - a);
                f1 = objective(relax, l, x1, u);
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + INV_PHI * (b - a);
                f2 = objective(relax, l, x2, u);
            }
        }
        keep(x1, f1, l, u, best);
        keep(x2, f2, l, u, best);
    }

    /** Compares the relaxation's special points of (l, u) (kinks, inflection points) with {@code best}. */
    private static void candidates(ElementwiseRelaxation relax, double l, double u, double[] best) {
        for (double c : relax.branchCandidates(l, u)) {
            keep(c, objective(relax, l, c, u), l, u, best);
        }
    }

    private static void keep(double p, double area, double l, double u, double[] best) {
        if (area < best[1] && p > l && p < u) {
            best[0] = p;
            best[1] = area;
        }
    }
}
