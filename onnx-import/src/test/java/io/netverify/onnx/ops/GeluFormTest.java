package io.netverify.onnx.ops;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Gelu with a file's own constants ({@link Gelu.Form}) against the same function in 120-digit
 * arithmetic: A x (1 + erf(s x)) with the double constants taken exactly.
 */
class GeluFormTest {
    /** Division by torch's float32 sqrt 2, and a product with a float32 1/sqrt 2 and a factor that is not 1/2. */
    private static final Gelu.Form FILE = new Gelu.Form(false, 0.5, 1 / 1.4142135381698608, 0, 1.4142135381698608);
    private static final Gelu.Form SCALED = new Gelu.Form(false, 0.25, 0.7071067690849304, 0, 0);

    @Test
    void erfFormIsTheFilesFunctionToTheLastBits() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (Gelu.Form form : new Gelu.Form[] {FILE, SCALED, Gelu.Form.EXACT}) {
            double worst = 0;
            for (int k = 0; k < 120; k++) {
                double x = k < 2 ? (k == 0 ? -0.75 : -1) : rnd.nextDouble(-9, 9);
                double ref = reference(form, x);
                double ours = form.apply(x);
                // erfc is good to about 1e-15 relative, and the product adds two roundings; rounding s x
                // (as the file's own Mul or Div does) moves erf's argument z by |z| 2^-53
                double z = form.scale() * x;
                double argument = form.factor() * Math.abs(x) * 2 / Math.sqrt(Math.PI) * Math.exp(-z * z) * Math.abs(z) * 0x1p-52;
                double ulps = Math.abs(ours - ref) / (Math.ulp(ref) + argument);
                worst = Math.max(worst, ulps);
            }
            assertTrue(worst <= 16, form + ": " + worst + " ulps (plus the argument's rounding) from the exact value");
        }
    }

    @Test
    void fileConstantsAreNotTheTextbookOnes() {
        double x = -0.75;
        double gap = Math.abs(FILE.apply(x) - Gelu.Form.EXACT.apply(x));
        assertTrue(gap > 1e-9 && gap < 1e-8, "gap " + gap);
        assertTrue(Math.abs(FILE.apply(x) - reference(FILE, x)) < 1e-16);
    }

    private static double reference(Gelu.Form f, double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal z = f.divisor() != 0 ? bx.divide(new BigDecimal(f.divisor()), HighPrecision.MC)
            : bx.multiply(new BigDecimal(f.scale()), HighPrecision.MC);
        BigDecimal inner = BigDecimal.ONE.add(HighPrecision.erf(z), HighPrecision.MC);
        return new BigDecimal(f.factor()).multiply(bx, HighPrecision.MC).multiply(inner, HighPrecision.MC).doubleValue();
    }
}
