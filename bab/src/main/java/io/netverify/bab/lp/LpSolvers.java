package io.netverify.bab.lp;

/** The LP engine to use. */
public final class LpSolvers {
    private LpSolvers() {
    }

    /** OR-Tools GLOP where its native libraries load, else ojAlgo. */
    public static LpSolver best() {
        return OrToolsLpSolver.available() ? OrToolsLpSolver.glop() : new OjAlgoLpSolver();
    }
}
