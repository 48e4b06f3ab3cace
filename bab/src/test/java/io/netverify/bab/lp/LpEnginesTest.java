package io.netverify.bab.lp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LpEnginesTest {
    private static LpSolver glop() {
        assumeTrue(OrToolsLpSolver.available(), "OR-Tools natives do not load here");
        return OrToolsLpSolver.glop();
    }

    private static void assertFeasible(LpProblem p, double[] x, double tol) {
        for (int j = 0; j < x.length; j++) {
            assertTrue(x[j] >= p.lower()[j] - tol && x[j] <= p.upper()[j] + tol, "variable " + j);
        }
        for (int i = 0; i < p.rowCount(); i++) {
            double ax = 0;
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                ax += p.values()[k] * x[p.columns()[k]];
            }
            assertTrue(ax >= p.rowLower()[i] - tol && ax <= p.rowUpper()[i] + tol, "row " + i + ": " + ax);
        }
    }

    @Test
    void glopAndOjAlgoAgreeAndTheirDualsGiveTightSafeBounds() {
        LpSolver glop = glop();
        LpSolver ojalgo = new OjAlgoLpSolver();
        for (int seed = 0; seed < 25; seed++) {
            LpProblem p = RandomLps.create(seed, 30, 20, 0.4).problem();
            LpResult a = glop.solve(p);
            LpResult b = ojalgo.solve(p);
            assertEquals(LpStatus.OPTIMAL, a.status(), "seed " + seed);
            assertEquals(LpStatus.OPTIMAL, b.status(), "seed " + seed);
            double tol = 1e-6 * (1 + Math.abs(a.objective()));
            assertEquals(a.objective(), b.objective(), tol, "seed " + seed);
            assertFeasible(p, a.x(), 1e-7);
            assertFeasible(p, b.x(), 1e-7);
            for (LpResult r : new LpResult[] {a, b}) {
                assertNotNull(r.duals());
                double safe = SafeLpBound.of(p, r.duals());
                assertTrue(safe <= a.objective() + tol && safe >= a.objective() - tol,
                    "seed " + seed + ": safe bound " + safe + ", optimum " + a.objective());
            }
        }
    }

    @Test
    void solvesAfterTheDeadlineProveNothingAndSolvesBeforeItAreUnchanged() {
        LpProblem p = RandomLps.create(3, 30, 20, 0.4).problem();
        long past = System.nanoTime() - 1;
        long future = System.nanoTime() + 3_600_000_000_000L;
        for (LpSolver engine : new LpSolver[] {glop(), new OjAlgoLpSolver()}) {
            LpResult late = engine.until(past).solve(p);
            assertEquals(LpStatus.OTHER, late.status(), engine.name());
            assertEquals(null, late.duals(), engine.name());
            LpResult timely = engine.until(future).solve(p);
            LpResult free = engine.solve(p);
            assertEquals(LpStatus.OPTIMAL, timely.status(), engine.name());
            assertEquals(free.objective(), timely.objective(), 1e-9 * (1 + Math.abs(free.objective())), engine.name());
        }
    }

    @Test
    void sessionReSolvesChangedProblemsLikeFreshSolves() {
        LpSolver glop = glop();
        RandomLps.Instance first = RandomLps.create(7, 40, 25, 0.3);
        LpProblem p = first.problem();
        try (LpSession s = glop.open(p)) {
            s.solve();
            for (int seed = 0; seed < 10; seed++) {
                LpProblem q = RandomLps.create(100 + seed, 40, 25, 0.3).problem();
                // another objective and tighter variable bounds, same rows
                double[] lo = p.lower().clone();
                double[] hi = p.upper().clone();
                lo[seed] = first.feasible()[seed] - 0.01;
                hi[seed] = first.feasible()[seed] + 0.01;
                LpProblem next = new LpProblem(q.objective(), lo, hi, p.rowStart(), p.columns(), p.values(),
                    p.rowLower(), p.rowUpper());
                LpResult warm = s.solve(next);
                LpResult fresh = glop.solve(next);
                assertEquals(LpStatus.OPTIMAL, warm.status());
                assertEquals(fresh.objective(), warm.objective(), 1e-7 * (1 + Math.abs(fresh.objective())));
            }
        }
    }

    @Test
    void infeasibleLpsAreReportedSo() {
        LpBuilder b = new LpBuilder();
        int x = b.variable(0, 1);
        int y = b.variable(0, 1);
        b.objective(x, 1);
        b.term(x, 1).term(y, 1).endRow(3, Double.POSITIVE_INFINITY);
        LpProblem p = b.build();
        assertEquals(LpStatus.INFEASIBLE, glop().solve(p).status());
        assertEquals(LpStatus.INFEASIBLE, new OjAlgoLpSolver().solve(p).status());
    }

    @Test
    void bestEngineIsGlopWhereTheNativesLoad() {
        String os = System.getProperty("os.name").toLowerCase();
        assumeTrue(os.contains("linux") && System.getProperty("os.arch").equals("amd64"), "natives shipped for Linux x86-64");
        assertTrue(OrToolsLpSolver.available());
        assertEquals("OR-Tools GLOP", LpSolvers.best().name());
    }

    @Test
    void infiniteBoundsAndFreeRowsAreAccepted() {
        LpBuilder b = new LpBuilder();
        int x = b.variable(0, Double.POSITIVE_INFINITY);
        int y = b.variable(Double.NEGATIVE_INFINITY, 3);
        b.objective(x, 2);
        b.objective(y, -1);
        b.term(x, 1).term(y, -1).endRow(1, Double.POSITIVE_INFINITY);
        b.term(x, 1).term(y, 1).endRow(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        LpProblem p = b.build();
        // 2x - y with x >= y + 1 and x >= 0: minimum 1 at x = 0, y = -1 (the free row changes nothing)
        for (LpSolver s : new LpSolver[] {glop(), new OjAlgoLpSolver()}) {
            LpResult r = s.solve(p);
            assertEquals(LpStatus.OPTIMAL, r.status(), s.name());
            assertEquals(1.0, r.objective(), 1e-9, s.name());
            assertEquals(1.0, SafeLpBound.of(p, r.duals()), 1e-9, s.name());
        }
    }

    @Test
    void repeatedVariablesInARowAreMerged() {
        LpBuilder b = new LpBuilder();
        int x = b.variable(-5, 5);
        b.objective(x, -1);
        b.term(x, 1).term(x, 1).endRow(Double.NEGATIVE_INFINITY, 3);
        LpProblem p = b.build();
        assertEquals(1, p.columns().length);
        assertEquals(-1.5, glop().solve(p).objective(), 1e-12);
    }
}
