package io.netverify.verifier.certify;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.attack.CornerSearchTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The certifier's attack on a binarised network ({@link CornerSearchTest#signNet}: y0 = sum sign(x_i - 0.5), y1 = -y0),
 * whose gradients vanish: it follows straight-through estimates.
 */
class StraightThroughCertifyTest {
    @Test
    void falsifiesAPointThatOnlyStraightThroughGradientsReach() {
        // x = 0.3 everywhere: class 1 (y0 = -40); within eps 0.25 every input can pass 0.5 (up to 0.55), and the
        // class flips once 21 of the 40 do: about 1e-9 of the box, beyond sampling and random-sign steps
        Graph g = CornerSearchTest.signNet();
        double[] x = new double[CornerSearchTest.N];
        Arrays.fill(x, 0.3);
        Dataset data = new Dataset(new double[][] {x}, new int[] {1}, new int[] {1, CornerSearchTest.N});
        CertifySettings settings = new CertifySettings(new double[] {0.25}, 0, 1, 0, 1, CertifyMethod.CROWN, 30, 60, 0, 2_000);
        CertifyReport report = new Certifier(g, settings, null, line -> { }).certify(data);
        PointResult r = report.points().get(0);
        assertEquals(PointVerdict.FALSIFIED, r.verdict(), r.toString());
        assertEquals("pgd", r.decidedBy());
        double[] cex = r.counterexample();
        for (int i = 0; i < CornerSearchTest.N; i++) {
            assertTrue(cex[i] >= 0.05 && cex[i] <= 0.55, "outside the eps box: " + cex[i]);
        }
        double[] y = new Evaluator(g).evaluate(cex);
        assertTrue(y[0] > y[1], "not misclassified: " + Arrays.toString(y));
    }
}
