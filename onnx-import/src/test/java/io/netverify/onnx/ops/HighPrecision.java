package io.netverify.onnx.ops;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Reference values of erf by its Maclaurin series in 120-digit decimal arithmetic: the alternating
 * series cancels badly in doubles, but with this many digits it is exact to far beyond double
 * precision for |x| <= 10.
 */
final class HighPrecision {
    static final MathContext MC = new MathContext(120);
    private static final BigDecimal PI = new BigDecimal(
        "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651");
    private static final BigDecimal TWO_OVER_SQRT_PI = BigDecimal.valueOf(2).divide(PI.sqrt(MC), MC);
    private static final BigDecimal EPS = new BigDecimal("1e-60");

    private HighPrecision() {
    }

    /** erf(x) for |x| <= 10. */
    static BigDecimal erf(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.TEN) > 0) {
            throw new IllegalArgumentException("reference erf only for |x| <= 10");
        }
        BigDecimal minusSquare = x.multiply(x, MC).negate();
        BigDecimal power = x; // (-1)^n x^(2n+1) / n!
        BigDecimal sum = x;
        for (int n = 1; ; n++) {
            power = power.multiply(minusSquare, MC).divide(BigDecimal.valueOf(n), MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = sum.add(term, MC);
            if (n > 10 && term.abs().compareTo(EPS) < 0) {
                break;
            }
        }
        return sum.multiply(TWO_OVER_SQRT_PI, MC);
    }

    static double erf(double x) {
        return erf(new BigDecimal(x)).doubleValue();
    }

    static double erfc(double x) {
        return BigDecimal.ONE.subtract(erf(new BigDecimal(x)), MC).doubleValue();
    }

    /** Gelu(x) = x/2 * erfc(-x / sqrt 2), all in high precision. */
    static double gelu(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal z = bx.divide(BigDecimal.valueOf(2).sqrt(MC), MC);
        BigDecimal cdf = BigDecimal.ONE.add(erf(z), MC).divide(BigDecimal.valueOf(2), MC);
        return bx.multiply(cdf, MC).doubleValue();
    }
}
