package io.netverify.bounds.relax;

/**
 * e^(-x^2) and e^(-x^2/2) with x^2 split exactly into two doubles, so the rounding of x^2 (relative
 * error 2^-53, amplified x^2 times by the exponential) does not reach the result.
 */
final class Gaussian {
    private Gaussian() {
    }

    static double expMinusSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        // e^(-lo) = 1 - lo to double precision (|lo| <= ulp(hi) / 2)
        return Math.exp(-hi) * (1 - lo);
    }

    static double expMinusHalfSquare(double x) {
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-0.5 * hi) * (1 - 0.5 * lo);
    }
}
