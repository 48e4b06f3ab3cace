package io.netverify.cli;

import io.netverify.bab.lp.LpBuilder;
import io.netverify.bab.lp.LpResult;
import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.OrToolsLpSolver;

/**
 * Run by {@link ShadedJarTest} on the shaded jar: solves {@code min -x - y, x + y <= 1.5, x, y in [0, 1]}
 * with OR-Tools and prints the engine, the status and the optimum.
 */
final class ShadedLpProbe {
    private ShadedLpProbe() {
    }

    public static void main(String[] args) {
        LpBuilder b = new LpBuilder();
        int x = b.variable(0, 1);
        int y = b.variable(0, 1);
        b.objective(x, -1);
        b.objective(y, -1);
        b.term(x, 1).term(y, 1).endRow(Double.NEGATIVE_INFINITY, 1.5);
        LpSolver glop = OrToolsLpSolver.glop();
        LpResult r = glop.solve(b.build());
        System.out.println(glop.name() + " " + r.status() + " " + r.objective());
    }
}
