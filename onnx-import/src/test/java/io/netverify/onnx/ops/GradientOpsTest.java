package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The derivatives of the Jacobian graph's operators against references: erf' and the exact GELU'
 * against central differences of high-precision erf (exact to double precision); the tanh and
 * recognised GELU forms against differences of their own values; PowGrad's z^(p - 1) for
 * exponents whose p - 1 rounds against z^p / z.
 */
class GradientOpsTest {
    private static final BigDecimal H = new BigDecimal("1e-30");

    /** (f(x + h) - f(x - h)) / 2h of high-precision erf at scale s: erf'(s x) s, error about h^2. */
    private static double erfSlope(double x, BigDecimal scale) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal up = HighPrecision.erf(bx.add(H).multiply(scale, HighPrecision.MC));
        BigDecimal down = HighPrecision.erf(bx.subtract(H).multiply(scale, HighPrecision.MC));
        return up.subtract(down).divide(H.multiply(BigDecimal.valueOf(2)), HighPrecision.MC).doubleValue();
    }

    @Test
    void erfAndExactGeluDerivativesAreAccurate() {
        BigDecimal root = BigDecimal.ONE.divide(BigDecimal.valueOf(2).sqrt(HighPrecision.MC), HighPrecision.MC);
        for (double x = -5.5; x <= 5.5; x += 0.37) {
            double erf = erfSlope(x, BigDecimal.ONE);
            assertEquals(erf, ErfGrad.derivative(x), 4 * Math.ulp(erf), "erf' at " + x);
            // GELU(x) = x/2 (1 + erf(x / sqrt 2)): GELU' = (1 + erf(x / sqrt 2)) / 2 + x/2 erf'(x / sqrt 2) / sqrt 2
            BigDecimal bx = new BigDecimal(x);
            BigDecimal cdf = BigDecimal.ONE.add(HighPrecision.erf(bx.multiply(root, HighPrecision.MC)), HighPrecision.MC)
                .divide(BigDecimal.valueOf(2), HighPrecision.MC);
            double gelu = cdf.add(bx.multiply(new BigDecimal(erfSlope(x, root)), HighPrecision.MC)
                .divide(BigDecimal.valueOf(2), HighPrecision.MC), HighPrecision.MC).doubleValue();
            // the terms cancel near GELU's minimum: an error relative to their sum
            double terms = Math.abs(cdf.doubleValue()) + Math.abs(gelu - cdf.doubleValue());
            assertEquals(gelu, Gelu.Form.EXACT.derivative(x), 32 * Math.ulp(terms), "GELU' at " + x);
        }
        assertEquals(0, Gelu.Form.EXACT.derivative(Double.NEGATIVE_INFINITY));
        assertEquals(1, Gelu.Form.EXACT.derivative(Double.POSITIVE_INFINITY));
        assertEquals(0, ErfGrad.derivative(30));
    }

    @Test
    void everyGeluFormsDerivativeMatchesItsValues() {
        Gelu.Form[] forms = {Gelu.Form.TANH, new Gelu.Form(false, 0.5, 1 / 1.4142135381698608, 0, 1.4142135381698608),
            new Gelu.Form(true, 0.7, 1.3, 0.05, 0)};
        for (Gelu.Form f : forms) {
            for (double x = -6; x <= 6; x += 0.29) {
                double h = 1e-5;
                double fd = (f.apply(x + h) - f.apply(x - h)) / (2 * h);
                assertEquals(fd, f.derivative(x), 1e-8, f + " at " + x);
            }
            assertEquals(0, f.derivative(Double.NEGATIVE_INFINITY));
            assertEquals(2 * f.factor(), f.derivative(Double.POSITIVE_INFINITY));
        }
    }

    /** k z^(p - 1) times z / k is z^p to a few ulps, also where p - 1 rounds and |ln z| is large. */
    @Test
    void powerDerivativesAreAccurateWhereTheExponentRounds() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (double p : new double[] {0.1, 1.0 / 3, -0.3, -1.7, 2.5, 3, -2}) {
            for (int t = 0; t < 2000; t++) {
                double z = Math.pow(10, rnd.nextDouble(-300, 300));
                double expected = Math.pow(z, p);
                // both z^p and z^(p - 1) in the normal range
                if (!(expected > 1e-290 && expected < 1e290 && expected / z > 1e-290 && expected / z < 1e290)) {
                    continue;
                }
                double d = PowGrad.derivative(z, p, 1);
                double back = d * z;
                assertTrue(Math.abs(back - expected) <= 8 * Math.ulp(expected), "p " + p + " z " + z + ": " + back + " vs " + expected);
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, PowGrad.derivative(0, 0.5, 0.5));
        assertEquals(-8, PowGrad.derivative(-2, 3, -2));
    }

    /**
     * A zero upstream gradient passes back 0 where z^(p - 1) is infinite (sqrt's at 0) or k is 0
     * (Pow with p = 0): 0 * inf was NaN, an output no bound could hold but (-inf, inf).
     */
    @Test
    void zeroUpstreamGradientPassesBackZero() {
        Tensor z = Tensor.of(Shape.of(4), 0, 0, 4, 0);
        Tensor g = Tensor.of(Shape.of(4), 0, 2, 0, -3);
        Node sqrt = new Node("d", "PowGrad", List.of("z", "g"), List.of("out"), Attributes.of(PowGrad.EXPONENT, 0.5));
        assertArrayEquals(new double[] {0, Double.POSITIVE_INFINITY, 0, Double.NEGATIVE_INFINITY},
            new PowGrad().evaluate(sqrt, List.of(z, g)).get(0).data());
        Node constant = new Node("d", "PowGrad", List.of("z", "g"), List.of("out"), Attributes.of(PowGrad.EXPONENT, 0.0));
        for (double v : new PowGrad().evaluate(constant, List.of(z, g)).get(0).data()) {
            assertEquals(0, v, 0);
        }
    }
}
