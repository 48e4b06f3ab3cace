package io.netverify.onnx.ops;

/**
 * erf, erfc and the logistic function in double precision. erf is within a few ulps everywhere;
 * erfc keeps about 1e-15 relative accuracy down to the subnormal range, which matters for Gelu
 * of large negative arguments.
 */
final class SpecialFunctions {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    /** Relative size of the last term or step that still changes a sum. */
    private static final double EPSILON = 1e-17;
    private static final int MAX_STEPS = 1000;
    /** erfc(x) rounds to 0 from here on (it is below 1e-330). */
    private static final double UNDERFLOW = 27.5;

    private SpecialFunctions() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r = a < 1 ? erfMaclaurin(a) : a < 2 ? erfKummer(a) : 1 - erfcContinuedFraction(a);
        return Math.copySign(r, x);
    }

    /** 1 - erf(x), without the cancellation of that difference for large x. */
    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        return x >= 1 ? erfcContinuedFraction(x) : 1 - erf(x);
    }

    /** 1 / (1 + e^-x), evaluated so that no intermediate overflows. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** erf(x) = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)); little cancellation for x < 1. */
    private static double erfMaclaurin(double x) {
        double s = x * x;
        double power = x;
        CompensatedSum sum = new CompensatedSum(x);
        for (int n = 1; n < MAX_STEPS; n++) {
            power *= -s / n;
            double term = power / (2 * n + 1);
            sum.add(term);
            if (Math.abs(term) <= EPSILON * Math.abs(sum.value())) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum.value();
    }

    /**
     * erf(x) = 2/sqrt(pi) e^(-x^2) sum_n (2x^2)^n x / (1 * 3 * ... * (2n+1)): positive terms, no
     * cancellation. Using the same rounded x^2 in the exponential and the sum makes their errors
     * largely cancel.
     */
    private static double erfKummer(double x) {
        double s = x * x;
        double ratio = 2 * s;
        double term = x;
        CompensatedSum sum = new CompensatedSum(x);
        for (int n = 1; n < MAX_STEPS; n++) {
            term = term * ratio / (2 * n + 1);
            sum.add(term);
            if (term <= EPSILON * sum.value()) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * (Math.exp(-s) * sum.value());
    }

    /**
     * erfc(x) = e^(-x^2) / (sqrt(pi) K(x)) with the continued fraction
     * K(x) = x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))), evaluated by the modified Lentz method;
     * converges quickly for x >= 1.
     */
    private static double erfcContinuedFraction(double x) {
        if (x >= UNDERFLOW) {
            return 0;
        }
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < MAX_STEPS; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = 1 / d;
            c = x + a / c;
            double step = c * d;
            f *= step;
            if (Math.abs(step - 1) <= EPSILON) {
                break;
            }
        }
        // x^2 = hi + lo exactly; e^(-lo) = 1 - lo to double precision.
        double hi = x * x;
        double lo = Math.fma(x, x, -hi);
        return Math.exp(-hi) * (1 - lo) * ONE_OVER_SQRT_PI / f;
    }

    /** Neumaier's compensated summation. */
    private static final class CompensatedSum {
        private double sum;
        private double compensation;

        CompensatedSum(double first) {
            sum = first;
        }

        void add(double x) {
            double t = sum + x;
            compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }
}
