package io.netverify.bab.lp;

/** How an LP solve ended. Only a bound recomputed by {@link SafeLpBound} may support a proof, whatever the status. */
public enum LpStatus {
    OPTIMAL,
    INFEASIBLE,
    /** Unbounded, time limit, numerical trouble or any other failure: nothing is known. */
    OTHER
}
