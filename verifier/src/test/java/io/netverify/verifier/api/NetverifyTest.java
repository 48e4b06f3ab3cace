package io.netverify.verifier.api;

import io.netverify.bounds.BoundMethod;
import io.netverify.onnx.ModelException;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library facade on the bundled example network (examples/, written by the CLI's ExampleGenerator). */
class NetverifyTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    /** The point both example properties are centred on; the robust one has radius 0.01, the falsifiable one 0.5. */
    private static final double[] CENTRE = {0.5, -0.25, 0.125, 0.75};
    private final Network net = Netverify.load(EXAMPLES.resolve("tiny_relu_mlp.onnx"));

    @Test
    void boundsContainSampledOutputsAndMarginsForEveryMethod() {
        double[] lo = shifted(-0.2);
        double[] hi = shifted(0.2);
        int label = net.predict(CENTRE);
        double[][] c = Netverify.marginRows(label, net.outputSize());
        SplittableRandom rnd = new SplittableRandom(7);
        for (BoundMethod m : BoundMethod.values()) {
            OutputBounds raw = Netverify.bounds(net, lo, hi, m);
            OutputBounds margins = Netverify.bounds(net, lo, hi, m, c);
            assertEquals(net.outputSize(), raw.lower().length);
            assertEquals(net.outputSize() - 1, margins.lower().length);
            for (int s = 0; s < 2000; s++) {
                double[] x = new double[lo.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = lo[i] + rnd.nextDouble() * (hi[i] - lo[i]);
                }
                double[] y = net.evaluate(x);
                for (int j = 0; j < y.length; j++) {
                    assertTrue(raw.lower()[j] <= y[j] && y[j] <= raw.upper()[j], m + " output " + j);
                }
                for (int k = 0; k < c.length; k++) {
                    double v = 0;
                    for (int j = 0; j < y.length; j++) {
                        v += c[k][j] * y[j];
                    }
                    assertTrue(margins.lower()[k] <= v && v <= margins.upper()[k], m + " margin " + k);
                }
            }
        }
    }

    @Test
    void batchBoundsAreThoseOfSingleBoxes() {
        double[][] lowers = {shifted(-0.01), shifted(-0.1), shifted(-0.3)};
        double[][] uppers = {shifted(0.01), shifted(0.1), shifted(0.3)};
        double[][] c = Netverify.marginRows(net.predict(CENTRE), net.outputSize());
        for (BoundMethod m : List.of(BoundMethod.IBP, BoundMethod.CROWN)) {
            List<OutputBounds> batch = Netverify.boundsBatch(net, lowers, uppers, m, c);
            assertEquals(3, batch.size());
            for (int b = 0; b < 3; b++) {
                OutputBounds single = Netverify.bounds(net, lowers[b], uppers[b], m, c);
                assertArrayEquals(single.lower(), batch.get(b).lower(), 1e-9);
                assertArrayEquals(single.upper(), batch.get(b).upper(), 1e-9);
            }
        }
    }

    @Test
    void verifyProvesTheRobustPropertyAndFalsifiesTheLooseOne() {
        VerificationResult robust = Netverify.verify(net, EXAMPLES.resolve("tiny_relu_mlp_robust.vnnlib"), 30);
        assertEquals(Verdict.UNSAT, robust.verdict(), robust.detail());
        VerificationResult loose = Netverify.verify(net, EXAMPLES.resolve("tiny_relu_mlp_falsifiable.vnnlib"), 30);
        assertEquals(Verdict.SAT, loose.verdict(), loose.detail());
        assertArrayEquals(net.evaluate(loose.input()), loose.output());
        assertTrue(violatesRobustness(loose.input(), 0.5, net.predict(CENTRE)));
    }

    @Test
    void certifyDecidesBothRadii() {
        int label = net.predict(CENTRE);
        PointResult small = Netverify.certify(net, CENTRE, label, 0.01, CertifyMethod.CROWN);
        assertEquals(PointVerdict.CERTIFIED, small.verdict());
        assertTrue(small.marginLower() > 0);
        PointResult large = Netverify.certify(net, CENTRE, label, 0.5, CertifyMethod.COMPLETE);
        assertEquals(PointVerdict.FALSIFIED, large.verdict(), large.decidedBy());
        assertNotNull(large.counterexample());
        assertTrue(violatesRobustness(large.counterexample(), 0.5, label));
        assertTrue(Netverify.bounds(net, shifted(-0.01), shifted(0.01), BoundMethod.CROWN,
            Netverify.marginRows(label, net.outputSize())).allPositive());
    }

    @Test
    void badInputIsOneClearException() {
        double[] three = new double[3];
        IllegalArgumentException box = assertThrows(IllegalArgumentException.class,
            () -> Netverify.bounds(net, three, three, BoundMethod.IBP));
        assertEquals("lower has 3 values, the network takes 4", box.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> Netverify.bounds(net, CENTRE, CENTRE, BoundMethod.IBP, new double[][] {{1, -1}}));
        assertThrows(IllegalArgumentException.class, () -> Netverify.marginRows(3, 3));
        assertThrows(IllegalArgumentException.class, () -> Netverify.certify(net, CENTRE, 0, -1, CertifyMethod.IBP));
        ModelException missing = assertThrows(ModelException.class, () -> Netverify.load(Path.of("no-such-net.onnx")));
        assertTrue(missing.getMessage().contains("no-such-net.onnx"), missing.getMessage());
    }

    /** Whether x lies in the radius-eps box around the centre and some other class scores at least the label's. */
    private boolean violatesRobustness(double[] x, double eps, int label) {
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - CENTRE[i]) > eps * (1 + 1e-12)) {
                return false;
            }
        }
        double[] y = net.evaluate(x);
        for (int j = 0; j < y.length; j++) {
            if (j != label && y[j] >= y[label]) {
                return true;
            }
        }
        return false;
    }

    private static double[] shifted(double d) {
        double[] v = CENTRE.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += d;
        }
        return v;
    }
}
