package io.netverify.bab.lp;

import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.linear.LinearSolver;
import org.ojalgo.structure.Access1D;
import org.ojalgo.structure.Mutate2D;

/**
 * LP solves by ojAlgo's dense simplex (pure Java): the fallback where OR-Tools' natives do not load,
 * and a cross-check in tests. Far slower than GLOP on our LPs, and no warm start. Dense mode only:
 * the sparse mode was seen to return an infeasible point marked optimal.
 */
public final class OjAlgoLpSolver implements LpSolver {
    private final SolveDeadline deadline;

    public OjAlgoLpSolver() {
        this(SolveDeadline.NONE);
    }

    private OjAlgoLpSolver(SolveDeadline deadline) {
        this.deadline = deadline;
    }

    @Override
    public String name() {
        return "ojAlgo";
    }

    @Override
    public LpSolver until(long deadlineNanos) {
        return new OjAlgoLpSolver(SolveDeadline.at(deadlineNanos));
    }

    @Override
    public LpSession open(LpProblem problem) {
        return new Session(problem, deadline);
    }

    /**
     * Solves in ojAlgo's general form: equality rows, then {@code G x <= h} rows (a two-sided row
     * gives two), and variable bounds. ojAlgo lists the multipliers of the inequalities first, then
     * those of the equalities, with the opposite sign of {@link LpResult}'s convention.
     */
    static LpResult solveOnce(LpProblem p, SolveDeadline deadline) {
        int m = p.rowCount();
        int eqs = 0;
        int ineqs = 0;
        for (int i = 0; i < m; i++) {
            if (p.rowLower()[i] == p.rowUpper()[i]) {
                eqs++;
            } else {
                ineqs += (Double.isFinite(p.rowLower()[i]) ? 1 : 0) + (Double.isFinite(p.rowUpper()[i]) ? 1 : 0);
            }
        }
        double[] eqRhs = new double[eqs];
        double[] ineqRhs = new double[ineqs];
        int[] eqRow = new int[m];
        int[] lowRow = new int[m];
        int[] highRow = new int[m];
        int e = 0;
        int q = 0;
        for (int i = 0; i < m; i++) {
            eqRow[i] = lowRow[i] = highRow[i] = -1;
            double lo = p.rowLower()[i];
            double hi = p.rowUpper()[i];
            if (lo == hi) {
                eqRhs[e] = lo;
                eqRow[i] = e++;
                continue;
            }
            if (Double.isFinite(lo)) {
                ineqRhs[q] = -lo;
                lowRow[i] = q++;
            }
            if (Double.isFinite(hi)) {
                ineqRhs[q] = hi;
                highRow[i] = q++;
            }
        }
        LinearSolver.Builder b = LinearSolver.newGeneralBuilder(p.objective().clone());
        Mutate2D eqMatrix = eqs > 0 ? b.equalities(eqRhs) : null;
        Mutate2D ineqMatrix = ineqs > 0 ? b.inequalities(ineqRhs) : null;
        for (int i = 0; i < m; i++) {
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                int j = p.columns()[k];
                double a = p.values()[k];
                if (eqRow[i] >= 0) {
                    eqMatrix.set(eqRow[i], j, a);
                }
                if (lowRow[i] >= 0) {
                    ineqMatrix.set(lowRow[i], j, -a);
                }
                if (highRow[i] >= 0) {
                    ineqMatrix.set(highRow[i], j, a);
                }
            }
        }
        b.lower(p.lower().clone());
        b.upper(p.upper().clone());
        Optimisation.Options options = new Optimisation.Options();
        options.sparse = Boolean.FALSE;
        if (deadline.set()) {
            long ms = deadline.millisLeft();
            if (ms == 0) {
                return LpResult.failed(LpStatus.OTHER);
            }
            options.time_abort = ms;
        }
        Optimisation.Result r = b.build(options).solve();
        Optimisation.State state = r.getState();
        if (state == Optimisation.State.INFEASIBLE) {
            return LpResult.failed(LpStatus.INFEASIBLE);
        }
        if (!state.isOptimal()) {
            return LpResult.failed(LpStatus.OTHER);
        }
        double[] x = new double[p.variableCount()];
        for (int j = 0; j < x.length; j++) {
            x[j] = r.doubleValue(j);
        }
        double[] y = null;
        Access1D<?> mult = r.getMultipliers().orElse(null);
        if (mult != null && mult.count() == ineqs + eqs) {
            y = new double[m];
            for (int i = 0; i < m; i++) {
                if (eqRow[i] >= 0) {
                    y[i] = -mult.doubleValue(ineqs + eqRow[i]);
                }
                if (lowRow[i] >= 0) {
                    y[i] += mult.doubleValue(lowRow[i]);
                }
                if (highRow[i] >= 0) {
                    y[i] -= mult.doubleValue(highRow[i]);
                }
            }
        }
        double value = 0;
        for (int j = 0; j < x.length; j++) {
            value += p.objective()[j] * x[j];
        }
        return new LpResult(LpStatus.OPTIMAL, value, x, y);
    }

    private static final class Session implements LpSession {
        private final SolveDeadline deadline;
        private LpProblem problem;

        Session(LpProblem problem, SolveDeadline deadline) {
            this.problem = problem;
            this.deadline = deadline;
        }

        @Override
        public LpProblem problem() {
            return problem;
        }

        @Override
        public LpResult solve() {
            return solveOnce(problem, deadline);
        }

        @Override
        public LpResult solve(LpProblem next) {
            if (!next.sameStructure(problem)) {
                throw new IllegalArgumentException("the new problem has another structure than the loaded one");
            }
            problem = next;
            return solve();
        }

        @Override
        public void close() {
        }
    }
}
