package io.netverify.bab.lp;

import io.netverify.bounds.Interval;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JointRowBoundTest {
    private static LpSolver glop() {
        assumeTrue(OrToolsLpSolver.available(), "OR-Tools natives do not load here");
        return OrToolsLpSolver.glop();
    }

    /** Row k's linear lower bound at x, read as the class reads it: A_k x + lower_k - min_box A_k x. */
    private static double line(double[] a, double lower, int k, Interval box, double[] x) {
        int n = box.size();
        double v = lower;
        for (int j = 0; j < n; j++) {
            double c = a[k * n + j];
            v += c * x[j] - c * (c >= 0 ? box.lower()[j] : box.upper()[j]);
        }
        return v;
    }

    @Test
    void twoCrossingRowsExcludeTheBoxTogether() {
        // x + 0.1 and -x + 0.1 on [-1, 1]: each is -0.9 somewhere, their maximum is never below 0.1
        Interval box = new Interval(new double[] {-1}, new double[] {1});
        double[] lower = {-0.9, -0.9};
        double[] a = {1, -1};
        double b = JointRowBound.lower(lower, lower, a, new int[] {0, 1}, box, glop());
        assertTrue(b > 0.1 - 1e-9 && b <= 0.1, "joint bound " + b);
        assertEquals(-0.9, JointRowBound.lower(lower, lower, a, new int[] {0}, box, glop()), "one row: its own bound");
    }

    @Test
    void boundNeverExceedsTheSampledMinimumOfTheMaximum() {
        LpSolver solver = glop();
        SplittableRandom r = new SplittableRandom(7);
        int n = 4;
        int rows = 3;
        int improved = 0;
        for (int t = 0; t < 50; t++) {
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int j = 0; j < n; j++) {
                lo[j] = r.nextDouble() * 2 - 1;
                hi[j] = lo[j] + r.nextDouble();
            }
            Interval box = new Interval(lo, hi);
            double[] a = new double[rows * n];
            double[] lower = new double[rows];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextDouble() * 2 - 1;
            }
            for (int k = 0; k < rows; k++) {
                lower[k] = r.nextDouble() - 0.8;
            }
            double bound = JointRowBound.lower(lower, lower, a, new int[] {0, 1, 2}, box, solver);
            double best = Math.max(lower[0], Math.max(lower[1], lower[2]));
            assertTrue(bound >= best, "below the best row");
            double min = Double.POSITIVE_INFINITY;
            double[] x = new double[n];
            for (int s = 0; s < 20_000; s++) {
                for (int j = 0; j < n; j++) {
                    x[j] = s < 16 ? ((s >> j & 1) == 0 ? lo[j] : hi[j]) : lo[j] + r.nextDouble() * (hi[j] - lo[j]);
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < rows; k++) {
                    max = Math.max(max, line(a, lower[k], k, box, x));
                }
                min = Math.min(min, max);
            }
            assertTrue(bound <= min + 1e-12, "trial " + t + ": bound " + bound + " above the sampled minimum " + min);
            improved += bound > best + 1e-9 ? 1 : 0;
        }
        assertTrue(improved > 5, "the rows together improved only " + improved + " of 50 bounds");
    }
}
