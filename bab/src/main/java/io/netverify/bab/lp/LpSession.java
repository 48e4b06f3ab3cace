package io.netverify.bab.lp;

/**
 * A problem loaded into an engine. {@link #solve(LpProblem)} replaces it by a problem of the same
 * structure (another objective, other bounds or coefficients, e.g. a sibling branch-and-bound domain)
 * and re-solves from the previous basis where the engine allows. Not thread-safe.
 */
public interface LpSession extends AutoCloseable {
    /** The problem currently loaded. */
    LpProblem problem();

    /** Solves the loaded problem. */
    LpResult solve();

    /** Loads a problem with {@link LpProblem#sameStructure the same structure} and solves it. */
    LpResult solve(LpProblem next);

    @Override
    void close();
}
