package io.netverify.bab.lp;

/** An LP engine. Implementations: {@link OrToolsLpSolver} (native, default) and {@link OjAlgoLpSolver} (pure Java). */
public interface LpSolver {
    /** A short name for messages and benchmarks. */
    String name();

    /**
     * This engine with every solve stopped at {@code deadlineNanos} (a {@link System#nanoTime} value):
     * a solve cut short, or started after it, ends with status {@link LpStatus#OTHER} and proves nothing.
     */
    LpSolver until(long deadlineNanos);

    /** Loads a problem for repeated solves; the caller closes the session. */
    LpSession open(LpProblem problem);

    /** Solves one problem from scratch. */
    default LpResult solve(LpProblem problem) {
        try (LpSession s = open(problem)) {
            return s.solve();
        }
    }
}
