package io.netverify.bab.lp;

/** An LP engine. Implementations: {@link OrToolsLpSolver} (native, default) and {@link OjAlgoLpSolver} (pure Java). */
public interface LpSolver {
    /** A short name for messages and benchmarks. */
    String name();

    /** Loads a problem for repeated solves; the caller closes the session. */
    LpSession open(LpProblem problem);

    /** Solves one problem from scratch. */
    default LpResult solve(LpProblem problem) {
        try (LpSession s = open(problem)) {
            return s.solve();
        }
    }
}
