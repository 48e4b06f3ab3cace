package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutation test of {@link RelaxationHarness}: a ReLU relaxation made unsound by a few ulps (its lines
 * moved inward from the exact lines) must fail the harness, while the real one passes it. A harness
 * with a relative tolerance (it had 1e-9) lets such a relaxation through.
 */
class HarnessMutationTest {
    /** ReLU's exact lines (no padding) with both intercepts moved inward by {@code ulps} ulps of max(1, |l|, |u|). */
    private static final class ShiftedRelu extends ElementwiseRelaxation {
        private final ReluRelaxation relu = new ReluRelaxation();
        private final int ulps;

        ShiftedRelu(int ulps) {
            this.ulps = ulps;
        }

        @Override
        protected void range(double l, double u, double[] out) {
            relu.range(l, u, out);
        }

        @Override
        protected void lines(double l, double u, double alphaLower, double alphaUpper, double[] out) {
            relu.lines(l, u, alphaLower, alphaUpper, out);
            double shift = ulps * Math.ulp(Math.max(1, Math.max(-l, u)));
            out[LB] += shift;
            // the chord through (l, 0) without its padding, then moved down
            out[UB] = (l < 0 && u > 0 ? -out[US] * l : out[UB]) - shift;
        }

        /** The shifted line with ReLU's derivatives (a shift does not move them). */
        @Override
        protected void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out) {
            relu.lineWithDerivatives(l, u, alpha, upper, out);
            line(l, u, alpha, upper, out);
        }

        @Override
        protected double initialAlpha(double l, double u, boolean upper) {
            return relu.initialAlpha(l, u, upper);
        }

        @Override
        protected double projectAlpha(double l, double u, boolean upper, double alpha) {
            return relu.projectAlpha(l, u, upper, alpha);
        }
    }

    private static RelaxationHarness relu(long seed) {
        return RelaxationHarness.of(seed, "Relu", Attributes.EMPTY, Input.computed(ANY, 6));
    }

    @Test
    void linesMovedInwardByTwoUlpsAreCaught() {
        for (int ulps : new int[] {2, 8}) {
            RelaxationHarness h = relu(11).using(new ShiftedRelu(ulps));
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> h.check(400, 300),
                "a ReLU moved inward by " + ulps + " ulps passed the harness");
            assertTrue(e.getMessage().contains("backward bound"), e.getMessage());
        }
    }

    @Test
    void theRealReluPasses() {
        relu(11).check(60, 100);
    }
}
