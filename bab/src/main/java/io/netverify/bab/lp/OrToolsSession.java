package io.netverify.bab.lp;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

/**
 * A problem loaded into an OR-Tools MPSolver. A new problem of the same structure is applied as a
 * list of changes (objective, bounds, coefficients), which GLOP re-solves from its last basis.
 */
final class OrToolsSession implements LpSession {
    private final MPSolver solver;
    private final boolean reportsDuals;
    private final SolveDeadline deadline;
    private final MPVariable[] vars;
    private final MPConstraint[] rows;
    private LpProblem problem;

    OrToolsSession(String engine, boolean reportsDuals, LpProblem p, SolveDeadline deadline) {
        solver = MPSolver.createSolver(engine);
        if (solver == null) {
            throw new IllegalStateException("OR-Tools has no " + engine + " engine");
        }
        solver.suppressOutput();
        if (engine.equals("HIGHS")) {
            // HiGHS prints a banner to stdout despite suppressOutput; its own option silences it
            solver.setSolverSpecificParametersAsString("output_flag=false");
        }
        this.reportsDuals = reportsDuals;
        this.deadline = deadline;
        this.problem = p;
        vars = new MPVariable[p.variableCount()];
        for (int j = 0; j < vars.length; j++) {
            vars[j] = solver.makeNumVar(p.lower()[j], p.upper()[j], "");
        }
        rows = new MPConstraint[p.rowCount()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = solver.makeConstraint(p.rowLower()[i], p.rowUpper()[i], "");
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                rows[i].setCoefficient(vars[p.columns()[k]], p.values()[k]);
            }
        }
        MPObjective obj = solver.objective();
        for (int j = 0; j < vars.length; j++) {
            if (p.objective()[j] != 0) {
                obj.setCoefficient(vars[j], p.objective()[j]);
            }
        }
        obj.setMinimization();
    }

    @Override
    public LpProblem problem() {
        return problem;
    }

    @Override
    public LpResult solve(LpProblem next) {
        if (!next.sameStructure(problem)) {
            throw new IllegalArgumentException("the new problem has another structure than the loaded one");
        }
        MPObjective obj = solver.objective();
        for (int j = 0; j < vars.length; j++) {
            if (next.objective()[j] != problem.objective()[j]) {
                obj.setCoefficient(vars[j], next.objective()[j]);
            }
            if (next.lower()[j] != problem.lower()[j] || next.upper()[j] != problem.upper()[j]) {
                vars[j].setBounds(next.lower()[j], next.upper()[j]);
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (next.rowLower()[i] != problem.rowLower()[i] || next.rowUpper()[i] != problem.rowUpper()[i]) {
                rows[i].setBounds(next.rowLower()[i], next.rowUpper()[i]);
            }
            for (int k = next.rowStart()[i]; k < next.rowStart()[i + 1]; k++) {
                if (next.values()[k] != problem.values()[k]) {
                    rows[i].setCoefficient(vars[next.columns()[k]], next.values()[k]);
                }
            }
        }
        problem = next;
        return solve();
    }

    @Override
    public LpResult solve() {
        if (deadline.set()) {
            long ms = deadline.millisLeft();
            if (ms == 0) {
                return LpResult.failed(LpStatus.OTHER);
            }
            solver.setTimeLimit(ms);
        }
        MPSolver.ResultStatus status = solver.solve();
        if (status == MPSolver.ResultStatus.INFEASIBLE) {
            return LpResult.failed(LpStatus.INFEASIBLE);
        }
        if (status != MPSolver.ResultStatus.OPTIMAL) {
            return LpResult.failed(LpStatus.OTHER);
        }
        double[] x = new double[vars.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = vars[j].solutionValue();
        }
        double[] y = null;
        if (reportsDuals) {
            y = new double[rows.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = rows[i].dualValue();
            }
        }
        return new LpResult(LpStatus.OPTIMAL, solver.objective().value(), x, y);
    }

    @Override
    public void close() {
        solver.delete();
    }
}
