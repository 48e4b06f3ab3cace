package io.netverify.bab.lp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfeasibilityProofTest {
    private static LpProblem sumAtLeast(double rhs) {
        LpBuilder b = new LpBuilder();
        int x = b.variable(0, 1);
        int y = b.variable(0, 1);
        b.objective(x, 1);
        b.term(x, 1).term(y, 1).endRow(rhs, Double.POSITIVE_INFINITY);
        b.term(x, 1).term(y, -1).endRow(0, 0);
        return b.build();
    }

    @Test
    void provesInfeasibleLpsAndNeverFeasibleOnes() {
        for (LpSolver s : new LpSolver[] {LpSolvers.best(), new OjAlgoLpSolver()}) {
            assertTrue(InfeasibilityProof.proves(sumAtLeast(2.5), s), s.name());
            assertFalse(InfeasibilityProof.proves(sumAtLeast(2), s), s.name());
            assertFalse(InfeasibilityProof.proves(sumAtLeast(1), s), s.name());
        }
    }

    @Test
    void randomFeasibleLpsAreNeverClaimedInfeasible() {
        for (int seed = 0; seed < 20; seed++) {
            assertFalse(InfeasibilityProof.proves(RandomLps.create(seed, 20, 15, 0.4).problem(), LpSolvers.best()));
        }
    }
}
