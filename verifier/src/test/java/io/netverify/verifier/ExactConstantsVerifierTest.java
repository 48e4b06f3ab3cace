package io.netverify.verifier;

import io.netverify.onnx.TinyReluNetwork;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier with VNN-LIB constants that no double holds (issue 12.4), on y = relu(W x + b),
 * W = [[1, -1], [2, 1]], b = [0, -1]: a witness must satisfy the file's exact decimals.
 */
class ExactConstantsVerifierTest {
    private static VerificationResult verify(String spec) {
        return Verifier.verify(TinyReluNetwork.graph(), VnnlibParser.parse(spec, "t.vnnlib"),
            VerifierOptions.defaults().withTimeout(2));
    }

    @Test
    void anOutputThatIsAlwaysZeroNeverReachesOneEMinus400() {
        // x1 = 0.5, x0 <= 0.25: y1 = relu(2 x0 - 0.5) = 0 everywhere, so "Y_1 >= 1e-400" cannot hold;
        // read as "Y_1 >= 0" it was violated by every input
        VerificationResult r = verify("""
            (declare-const X_0 Real) (declare-const X_1 Real) (declare-const Y_0 Real) (declare-const Y_1 Real)
            (assert (>= X_0 0)) (assert (<= X_0 0.25)) (assert (>= X_1 0.5)) (assert (<= X_1 0.5))
            (assert (>= Y_1 1e-400))
            """);
        assertNotEquals(Verdict.SAT, r.verdict(), r.detail());
    }

    @Test
    void aWitnessOnTheCornerOfTheRoundedBoxIsMovedIntoTheFilesBox() {
        // max y0 = x0 - x1 at the corner (0.7, 0.1); the box rounded outwards reaches one double past
        // both 0.7 and 0.1 (decimal), the witness must not (0.5999999: float32 rounding of the inputs costs 1.4e-8)
        Specification spec = VnnlibParser.parse("""
            (declare-const X_0 Real) (declare-const X_1 Real) (declare-const Y_0 Real) (declare-const Y_1 Real)
            (assert (>= X_0 0.1)) (assert (<= X_0 0.7)) (assert (>= X_1 0.1)) (assert (<= X_1 0.3))
            (assert (>= Y_0 0.5999999))
            """, "t.vnnlib");
        VerificationResult r = Verifier.verify(TinyReluNetwork.graph(), spec, VerifierOptions.defaults().withTimeout(10));
        assertEquals(Verdict.SAT, r.verdict(), r.detail());
        assertTrue(spec.cases().get(0).box().contains(r.input()), "inside the file's exact box");
        assertTrue(spec.isViolatedBy(r.input(), r.output()));
    }
}
