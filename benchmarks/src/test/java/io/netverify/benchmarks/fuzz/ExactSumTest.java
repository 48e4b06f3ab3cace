package io.netverify.benchmarks.fuzz;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference evaluator's sums enclose the exact (BigDecimal) sum, tightly, on both paths. */
class ExactSumTest {
    @Test
    void cancellationIsExact() {
        double tiny = -5e-17;
        ExactSum s = new ExactSum().add(1).add(tiny).add(-1);
        assertEquals(tiny, s.down());
        assertEquals(tiny, s.up());
    }

    @Test
    void sumsBeyondTheDoubleRangeAreExact() {
        // 1e308 + 1e308 - 1e308 overflows in float64, but is exactly 1e308
        ExactSum s = new ExactSum().add(1e308).add(1e308).add(-1e308);
        assertEquals(1e308, s.down());
        assertEquals(1e308, s.up());
        ExactSum big = new ExactSum().add(1e308).add(1e308);
        assertEquals(Double.MAX_VALUE, big.down());
        assertEquals(Double.POSITIVE_INFINITY, big.up());
    }

    @Test
    void subnormalProductsRoundOutward() {
        ExactSum s = new ExactSum().add(Double.MIN_VALUE, 0.5);
        assertEquals(0.0, s.down());
        assertEquals(Double.MIN_VALUE, s.up());
        ExactSum neg = new ExactSum().add(-Double.MIN_VALUE, 0.5);
        assertEquals(-Double.MIN_VALUE, neg.down());
        assertEquals(0.0, neg.up());
    }

    @Test
    void infinitiesOfBothSignsAreUndefined() {
        ExactSum s = new ExactSum().add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, s.down());
        assertEquals(Double.POSITIVE_INFINITY, s.up());
    }

    /** Random dot products, normal and extreme magnitudes: exact value inside, width at most a few ulps. */
    @Test
    void randomDotProductsAreEnclosedTightly() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int t = 0; t < 400; t++) {
            int n = rnd.nextInt(1, 20);
            int spread = t % 2 == 0 ? 3 : 300;
            ExactSum s = new ExactSum();
            BigDecimal exact = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                double a = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-spread, spread + 1) / 2);
                double b = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-spread, spread + 1) / 2);
                s.add(a, b);
                exact = exact.add(new BigDecimal(a).multiply(new BigDecimal(b)));
            }
            double lo = s.down();
            double hi = s.up();
            assertTrue(new BigDecimal(lo).compareTo(exact) <= 0 && exact.compareTo(new BigDecimal(hi)) <= 0,
                "case " + t + ": [" + lo + ", " + hi + "] misses " + exact);
            double nearest = exact.doubleValue();
            assertTrue(hi - lo <= 2 * Math.ulp(nearest) + Double.MIN_VALUE, "case " + t + ": [" + lo + ", " + hi + "] is wide");
        }
    }
}
