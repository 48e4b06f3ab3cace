package io.netverify.bab.lp;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeLpBoundTest {
    /**
     * The Neumaier-Shcherbina bound of the same multipliers in exact arithmetic (BigDecimal), or
     * null for -infinity. Weak duality makes it a lower bound of the LP minimum.
     */
    private static BigDecimal exact(LpProblem p, double[] y) {
        BigDecimal sum = BigDecimal.ZERO;
        double[] used = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double side = y[i] > 0 ? p.rowLower()[i] : p.rowUpper()[i];
            if (y[i] != 0 && Double.isFinite(side)) {
                used[i] = y[i];
                sum = sum.add(new BigDecimal(y[i]).multiply(new BigDecimal(side)));
            }
        }
        BigDecimal[] r = new BigDecimal[p.variableCount()];
        for (int j = 0; j < r.length; j++) {
            r[j] = new BigDecimal(p.objective()[j]);
        }
        for (int i = 0; i < y.length; i++) {
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                int j = p.columns()[k];
                r[j] = r[j].subtract(new BigDecimal(p.values()[k]).multiply(new BigDecimal(used[i])));
            }
        }
        for (int j = 0; j < r.length; j++) {
            int s = r[j].signum();
            double bound = s > 0 ? p.lower()[j] : p.upper()[j];
            if (s == 0) {
                continue;
            }
            if (!Double.isFinite(bound)) {
                return null;
            }
            sum = sum.add(r[j].multiply(new BigDecimal(bound)));
        }
        return sum;
    }

    private static void assertBelowExact(LpProblem p, double[] y, String what) {
        double safe = SafeLpBound.of(p, y);
        BigDecimal e = exact(p, y);
        if (e == null) {
            assertEquals(Double.NEGATIVE_INFINITY, safe, what);
        } else {
            assertTrue(safe == Double.NEGATIVE_INFINITY || new BigDecimal(safe).compareTo(e) <= 0,
                what + ": safe " + safe + " above exact " + e);
        }
    }

    @Test
    void neverExceedsTheExactBoundOfTheSameMultipliers() {
        SplittableRandom r = new SplittableRandom(5);
        for (int seed = 0; seed < 200; seed++) {
            LpProblem p = RandomLps.create(seed, 25, 18, 0.5).problem();
            double scale = Math.pow(10, r.nextInt(-8, 9));
            double[] y = new double[p.rowCount()];
            for (int i = 0; i < y.length; i++) {
                // awkward values: many digits, mixed signs, some zeros, magnitudes 1e-8 .. 1e8
                y[i] = r.nextInt(5) == 0 ? 0 : scale * (r.nextDouble() * 2 - 1) / 3;
            }
            assertBelowExact(p, y, "seed " + seed);
        }
    }

    @Test
    void exactArithmeticGivesTheExactBound() {
        // min x + y, x + y >= 1, x, y in [0, 4]: y = 1 gives r = 0 and bound 1 exactly
        LpBuilder b = new LpBuilder();
        int x = b.variable(0, 4);
        int y = b.variable(0, 4);
        b.objective(x, 1);
        b.objective(y, 1);
        b.term(x, 1).term(y, 1).endRow(1, Double.POSITIVE_INFINITY);
        assertEquals(1.0, SafeLpBound.of(b.build(), new double[] {1}));
    }

    @Test
    void infiniteVariableBoundsNeedReducedCostsOfTheRightSign() {
        LpBuilder b = new LpBuilder();
        int x = b.variable(0, Double.POSITIVE_INFINITY);
        b.objective(x, 2);
        b.term(x, 1).endRow(1, Double.POSITIVE_INFINITY);
        LpProblem p = b.build();
        // y = 1: r = 1 >= 0 so x's infinite upper bound is never used: bound 1
        assertEquals(1.0, SafeLpBound.of(p, new double[] {1}));
        // y = 3: r = -1 < 0 asks for x's upper bound, which is infinite
        assertEquals(Double.NEGATIVE_INFINITY, SafeLpBound.of(p, new double[] {3}));
        // y < 0 would use the row's infinite upper side: the multiplier is dropped, bound = min 2x = 0
        assertEquals(0, SafeLpBound.of(p, new double[] {-1}), 1e-300);
    }

    @Test
    void emptyVariableBoundsProveTheLpEmpty() {
        LpBuilder b = new LpBuilder();
        b.variable(1, 0);
        b.objective(0, 1);
        assertEquals(Double.POSITIVE_INFINITY, SafeLpBound.of(b.build(), new double[0]));
    }
}
