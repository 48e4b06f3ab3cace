package io.netverify.bab.lp;

import io.netverify.bounds.Interval;

/**
 * A lower bound of {@code min_x max_k m_k(x)} over a box from linear lower bounds of the margins
 * {@code m_k}, for an unsafe region that is a conjunction ({@code m_k <= 0} for every k): when it is
 * positive, no point of the box is unsafe. Each row alone may fail (every row is violated somewhere
 * in the box) while the rows together exclude the box; this happens near points where two margins
 * cross.
 *
 * <p>Row k's linear bound is {@code m_k(x) >= A_k x + linearLower_k - min_box A_k x}, the linear
 * function whose minimum over the box is {@code linearLower_k}; its bound {@code lower_k} may be
 * tighter (from intervals). The LP {@code min t : t >= A_k x + b_k, x in box} is solved for multipliers,
 * and {@link SafeLpBound} turns them into a rigorous bound: the engine's answer is never trusted.
 */
public final class JointRowBound {
    private JointRowBound() {
    }

    /**
     * @param rowLower     lower bounds of every row's margin over the box
     * @param linearLower  the minimum over the box of every row's linear lower bound
     * @param coefficients {@code rows x inputs} coefficients of the linear lower bounds (row-major)
     * @param rows         the rows of the conjunction
     * @return a lower bound of the conjunction's margin, never below the best single row's
     */
    public static double lower(double[] rowLower, double[] linearLower, double[] coefficients, int[] rows, Interval box,
                               LpSolver solver) {
        double best = Double.NEGATIVE_INFINITY;
        for (int k : rows) {
            best = Math.max(best, rowLower[k]);
        }
        if (rows.length < 2 || !Double.isFinite(best)) {
            return best;
        }
        int n = box.size();
        LpBuilder lp = new LpBuilder();
        for (int j = 0; j < n; j++) {
            lp.variable(box.lower()[j], box.upper()[j]);
        }
        double ceiling = 1;
        double[] offsets = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            int k = rows[r];
            double minimum = 0;
            double range = Math.abs(linearLower[k]);
            for (int j = 0; j < n; j++) {
                double a = coefficients[k * n + j];
                minimum = DirectedRounding.addUp(minimum, DirectedRounding.mulUp(a, a >= 0 ? box.lower()[j] : box.upper()[j]));
                range += Math.abs(a) * (box.upper()[j] - box.lower()[j]);
            }
            offsets[r] = DirectedRounding.addDown(linearLower[k], -minimum);
            ceiling = Math.max(ceiling, 2 * range + 1);
        }
        if (!Double.isFinite(ceiling) || !(ceiling >= best)) {
            return best;
        }
        // t is bounded so the safe bound stays finite; the ceiling exceeds every row's maximum, so the optimum is kept
        int t = lp.variable(best, ceiling);
        lp.objective(t, 1);
        for (int r = 0; r < rows.length; r++) {
            lp.term(t, 1);
            for (int j = 0; j < n; j++) {
                double a = coefficients[rows[r] * n + j];
                if (a != 0) {
                    lp.term(j, -a);
                }
            }
            lp.endRow(offsets[r], Double.POSITIVE_INFINITY);
        }
        LpProblem p = lp.build();
        LpResult result = solver.solve(p);
        if (result.status() != LpStatus.OPTIMAL || result.duals() == null) {
            return best;
        }
        double safe = SafeLpBound.of(p, result.duals());
        return Double.isNaN(safe) ? best : Math.max(best, safe);
    }
}
