package io.netverify.bounds.relax;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GenBaB branch points: for random intervals of every shape, the looked-up point is inside the
 * interval and its children's total relaxation area is within a small tolerance of a brute-force
 * dense minimisation, and no worse than the default looseness rule's point by that measure;
 * look-ups are deterministic, also when concurrent.
 */
class BranchPointsTest {
    /** Relative tolerance on the objective (measured: all cases pass at 0.2%). */
    private static final double TOLERANCE = 0.005;
    private static final int BRUTE_POINTS = 4000;

    private record Case(String name, ElementwiseRelaxation relax, double[][] intervals) {
    }

    private static List<Case> cases() {
        Random rnd = new Random(7);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("sigmoid", new SigmoidRelaxation(), intervals(rnd, 0, 12)));
        cases.add(new Case("tanh", new TanhRelaxation(), intervals(rnd, 0, 6)));
        cases.add(new Case("gelu", new GeluRelaxation(), intervals(rnd, Math.sqrt(2), 8)));
        cases.add(new Case("gelu", new GeluRelaxation(), intervals(rnd, -Math.sqrt(2), 8)));
        cases.add(new Case("exp", new ExpRelaxation(), intervals(rnd, 0, 6)));
        cases.add(new Case("sin", new SinRelaxation(), intervals(rnd, 0, 6)));
        cases.add(new Case("sin, far periods", new SinRelaxation(), periodic(rnd)));
        cases.add(new Case("cos, far periods", new CosRelaxation(), periodic(rnd)));
        // beyond the table: optimised directly
        cases.add(new Case("sigmoid, beyond the table", new SigmoidRelaxation(),
            new double[][] {{-50, 3}, {-2, 40}, {35, 36}, {-0.5, 0.5e-8 + -0.5}}));
        return cases;
    }

    /** Narrow, wide, one-sided and straddling intervals around {@code at} (0 or an inflection point). */
    private static double[][] intervals(Random rnd, double at, double scale) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            double w = Math.pow(10, -3 + 2 * rnd.nextDouble());
            double c = at + scale * (2 * rnd.nextDouble() - 1);
            out.add(new double[] {c - w / 2, c + w / 2}); // narrow
            double lo = at - scale * rnd.nextDouble();
            out.add(new double[] {lo, at + scale * rnd.nextDouble()}); // straddling
            double a = at + scale * rnd.nextDouble();
            out.add(new double[] {a, a + scale * rnd.nextDouble() + 1e-3}); // above
            out.add(new double[] {at - (a - at) - scale * rnd.nextDouble() - 1e-3, at - (a - at)}); // below
            double n = at + 1e-3 * (2 * rnd.nextDouble() - 1);
            out.add(new double[] {n - 1e-3 * rnd.nextDouble() - 1e-6, n + 1e-3 * rnd.nextDouble() + 1e-6}); // narrow, straddling
        }
        return out.toArray(double[][]::new);
    }

    private static double[][] periodic(Random rnd) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            double l = 200 * (2 * rnd.nextDouble() - 1);
            double w = k % 3 == 0 ? 0.01 + 0.2 * rnd.nextDouble() : k % 3 == 1 ? 1 + 3 * rnd.nextDouble() : 4 + 8 * rnd.nextDouble();
            out.add(new double[] {l, l + w});
        }
        return out.toArray(double[][]::new);
    }

    /** The least objective over a dense grid of (l, u). */
    private static double bruteForce(ElementwiseRelaxation r, double l, double u) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 1; j < BRUTE_POINTS; j++) {
            best = Math.min(best, BranchPoints.objective(r, l, l + (u - l) * j / BRUTE_POINTS, u));
        }
        return best;
    }

    @Test
    void pointsAreInsideAndNearlyOptimal() {
        for (Case c : cases()) {
            for (double[] iv : c.intervals()) {
                double l = iv[0];
                double u = iv[1];
                double p = c.relax().areaBranchPoint(l, u);
                String where = c.name() + " [" + l + ", " + u + "] at " + p;
                assertTrue(p > l && p < u, where);
                double got = BranchPoints.objective(c.relax(), l, p, u);
                double brute = bruteForce(c.relax(), l, u);
                double old = BranchPoints.objective(c.relax(), l, c.relax().loosenessPoint(l, u), u);
                // gaps below 1e-14 are the lines' rounding pads
                double slack = TOLERANCE * brute + 1e-14 * (u - l);
                assertTrue(got <= brute + slack, where + ": area " + got + ", brute force " + brute);
                assertTrue(got <= old + slack, where + ": area " + got + ", looseness rule " + old);
            }
        }
    }

    @Test
    void theTableFindsTheSymmetricOptimumOfAnOddFunction() {
        // tanh over [-a, a]: the two children mirror each other only when split at 0
        ElementwiseRelaxation tanh = new TanhRelaxation();
        for (double a : new double[] {0.3, 1, 2.5, 5}) {
            double p = tanh.areaBranchPoint(-a, a);
            assertTrue(BranchPoints.objective(tanh, -a, p, a) <= BranchPoints.objective(tanh, -a, 0.5 * a, a), "a = " + a);
        }
    }

    @Test
    void lookupsAreDeterministicAndAgreeAcrossThreads() throws Exception {
        List<double[]> all = new ArrayList<>();
        cases().forEach(c -> all.addAll(List.of(c.intervals())));
        ElementwiseRelaxation fresh = new GeluRelaxation();
        ElementwiseRelaxation warm = new GeluRelaxation();
        double[] first = new double[all.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = fresh.areaBranchPoint(all.get(i)[0], all.get(i)[1]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    double[] got = new double[all.size()];
                    for (int k = 0; k < got.length; k++) {
                        int i = (k + offset * 7) % got.length;
                        got[i] = warm.areaBranchPoint(all.get(i)[0], all.get(i)[1]);
                    }
                    return got;
                }));
            }
            for (Future<double[]> run : runs) {
                double[] got = run.get();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(first[i], got[i], 0.0, "interval " + i);
                }
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], fresh.areaBranchPoint(all.get(i)[0], all.get(i)[1]), 0.0, "again, interval " + i);
        }
    }
}
