package io.netverify.bounds;

import io.netverify.bounds.relax.OutwardRounding;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused sweep of {@link BoxMinimum#add} against the straightforward computation in exact
 * arithmetic, on random coefficients of wide-ranging magnitude and mixed signs: the bias plus the
 * minimum is within {@code gamma_(n+2) (|bias| + magnitude)} of the exact one (the bound
 * {@link RoundingError#addConcretization} subtracts, before its safety factor), and the magnitude is
 * the sum it stands for.
 */
class BoxMinimumTest {
    @Test
    void minimumAndMagnitudeMatchExactArithmetic() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[] {1, 3, 8, 13, 784}) {
            int rows = 37;
            int from = 5;
            double[] a = new double[(from + rows) * n];
            for (int i = 0; i < a.length; i++) {
                // some exact zeros (neurons a step made irrelevant), the rest spread over 12 orders of magnitude
                a[i] = rnd.nextInt(10) == 0 ? 0 : (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextDouble(-6, 6));
            }
            double[] l = new double[n];
            double[] u = new double[n];
            for (int j = 0; j < n; j++) {
                l[j] = rnd.nextDouble(-3, 3);
                u[j] = rnd.nextInt(5) == 0 ? l[j] : l[j] + rnd.nextDouble(0, 2);
            }
            double[] lower = new double[from + rows];
            double[] magnitude = new double[from + rows];
            for (int k = 0; k < lower.length; k++) {
                lower[k] = rnd.nextDouble(-1, 1);
            }
            double[] before = lower.clone();
            BoxMinimum.add(a, from, rows, new Interval(l, u), lower, magnitude);
            for (int k = 0; k < from; k++) {
                assertEquals(before[k], lower[k], 0, "rows before from are left alone");
            }
            for (int k = from; k < from + rows; k++) {
                BigDecimal min = BigDecimal.ZERO;
                BigDecimal mag = BigDecimal.ZERO;
                for (int j = 0; j < n; j++) {
                    BigDecimal w = new BigDecimal(a[k * n + j]);
                    BigDecimal lo = w.multiply(new BigDecimal(l[j]));
                    BigDecimal hi = w.multiply(new BigDecimal(u[j]));
                    min = min.add(lo.min(hi));
                    mag = mag.add(w.abs().multiply(new BigDecimal(Math.max(Math.abs(l[j]), Math.abs(u[j])))));
                }
                double exactMag = mag.doubleValue();
                double g = OutwardRounding.gamma(n + 1);
                assertEquals(exactMag, magnitude[k], g * exactMag, "magnitude of row " + k + " (n = " + n + ")");
                BigDecimal error = new BigDecimal(lower[k]).subtract(new BigDecimal(before[k])).subtract(min).abs();
                double bound = OutwardRounding.gamma(n + 2) * (Math.abs(before[k]) + magnitude[k]);
                assertTrue(error.doubleValue() <= bound,
                    "row " + k + " (n = " + n + "): minimum off by " + error + ", magnitude " + magnitude[k]);
            }
        }
    }

    @Test
    void infiniteBoxTakesTheBoundTheSignPicks() {
        double inf = Double.POSITIVE_INFINITY;
        double[] a = {2, -3, 0};
        double[] lower = {1};
        double[] magnitude = new double[1];
        BoxMinimum.add(a, 0, 1, new Interval(new double[] {-1, -inf, 5}, new double[] {4, 2, inf}), lower, magnitude);
        // 2 * -1 + -3 * 2 + 0 * 5: the zero coefficient takes the finite lower bound, not 0 * inf
        assertEquals(1 - 2 - 6, lower[0], 0);
    }

    @Test
    void noCoefficientsLeaveTheBoundAndMagnitude() {
        double[] lower = {1.5};
        double[] magnitude = {0};
        BoxMinimum.add(null, 0, 1, new Interval(new double[] {0}, new double[] {1}), lower, magnitude);
        assertEquals(1.5, lower[0], 0);
        assertEquals(0, magnitude[0], 0);
    }
}
