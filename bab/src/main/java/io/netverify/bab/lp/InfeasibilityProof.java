package io.netverify.bab.lp;

/**
 * A rigorous proof that an LP has no feasible point, without trusting a solver's INFEASIBLE status:
 * the elastic LP {@code min sum(s+ + s-)} subject to {@code rowLower <= A x + s+ - s- <= rowUpper},
 * the same variable bounds and {@code s+, s- >= 0}, has minimum 0 whenever the LP has a feasible
 * point (take s = 0). A {@link SafeLpBound} of the elastic LP above 0 therefore proves infeasibility.
 * The slacks get finite upper bounds large enough to keep the elastic LP feasible (they change no
 * argument: any bound of the bounded elastic LP above 0 still excludes s = 0).
 */
final class InfeasibilityProof {
    private InfeasibilityProof() {
    }

    static boolean proves(LpProblem p, LpSolver solver) {
        int n = p.variableCount();
        int m = p.rowCount();
        LpBuilder b = new LpBuilder();
        for (int j = 0; j < n; j++) {
            b.variable(p.lower()[j], p.upper()[j]);
        }
        int[] slack = new int[m];
        for (int i = 0; i < m; i++) {
            double reach = 1 + Math.max(finiteAbs(p.rowLower()[i]), finiteAbs(p.rowUpper()[i]));
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                int j = p.columns()[k];
                reach += Math.abs(p.values()[k]) * Math.max(Math.abs(p.lower()[j]), Math.abs(p.upper()[j]));
            }
            slack[i] = b.variable(0, 2 * reach);
            b.variable(0, 2 * reach);
            b.objective(slack[i], 1);
            b.objective(slack[i] + 1, 1);
        }
        for (int i = 0; i < m; i++) {
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                b.term(p.columns()[k], p.values()[k]);
            }
            b.term(slack[i], 1).term(slack[i] + 1, -1).endRow(p.rowLower()[i], p.rowUpper()[i]);
        }
        LpProblem elastic = b.build();
        LpResult r = solver.solve(elastic);
        return r.duals() != null && SafeLpBound.of(elastic, r.duals()) > 0;
    }

    private static double finiteAbs(double v) {
        return Double.isFinite(v) ? Math.abs(v) : 0;
    }
}
