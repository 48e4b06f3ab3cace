package io.netverify.bab.lp;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectedRoundingTest {
    /** down <= exact <= up, each the nearest double on its side (where finite). */
    private static void check(BigDecimal exact, double down, double up, String what) {
        assertTrue(new BigDecimal(down).compareTo(exact) <= 0, what + " down " + down);
        assertTrue(new BigDecimal(up).compareTo(exact) >= 0, what + " up " + up);
        assertTrue(new BigDecimal(Math.nextUp(down)).compareTo(exact) > 0, what + " down not tight");
        assertTrue(new BigDecimal(Math.nextDown(up)).compareTo(exact) < 0, what + " up not tight");
    }

    private static double awkward(SplittableRandom r) {
        double v = (r.nextDouble() * 2 - 1) * Math.pow(2, r.nextInt(-1070, 500));
        return r.nextInt(10) == 0 ? 0.1 * r.nextInt(-30, 30) : v;
    }

    @Test
    void sumsAndProductsAreTheDirectedRoundingsOfTheExactResult() {
        SplittableRandom r = new SplittableRandom(1);
        for (int k = 0; k < 20000; k++) {
            double a = awkward(r);
            double b = r.nextBoolean() ? awkward(r) : a * (1 + r.nextDouble() * 1e-10);
            String what = a + " , " + b;
            BigDecimal sum = new BigDecimal(a).add(new BigDecimal(b));
            BigDecimal product = new BigDecimal(a).multiply(new BigDecimal(b));
            double sd = DirectedRounding.addDown(a, b);
            double su = DirectedRounding.addUp(a, b);
            if (sum.compareTo(BigDecimal.ZERO) == 0) {
                assertEquals(0.0, sd, 0, what);
                assertEquals(0.0, su, 0, what);
            } else {
                check(sum, sd, su, what + " sum");
            }
            double pd = DirectedRounding.mulDown(a, b);
            double pu = DirectedRounding.mulUp(a, b);
            if (Math.abs(a * b) >= 0x1p-960 || product.signum() == 0) {
                if (product.signum() == 0) {
                    assertEquals(0.0, pd, 0, what);
                    assertEquals(0.0, pu, 0, what);
                } else {
                    check(product, pd, pu, what + " product");
                }
            } else {
                assertTrue(new BigDecimal(pd).compareTo(product) <= 0 && new BigDecimal(pu).compareTo(product) >= 0,
                    what + " tiny product");
            }
        }
    }

    @Test
    void overflowRoundsToTheLargestFiniteValueOrInfinity() {
        double big = Double.MAX_VALUE;
        assertEquals(big, DirectedRounding.addDown(big, big));
        assertEquals(Double.POSITIVE_INFINITY, DirectedRounding.addUp(big, big));
        assertEquals(Double.NEGATIVE_INFINITY, DirectedRounding.mulDown(-big, 2));
        assertEquals(-big, DirectedRounding.mulUp(-big, 2));
    }
}
