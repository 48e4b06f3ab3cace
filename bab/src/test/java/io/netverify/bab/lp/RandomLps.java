package io.netverify.bab.lp;

import java.util.SplittableRandom;

/**
 * Random feasible LPs with finite variable bounds: a random point x0 inside the bounds satisfies
 * every row (equality, one-sided and two-sided rows around A x0).
 */
final class RandomLps {
    private RandomLps() {
    }

    record Instance(LpProblem problem, double[] feasible) {
    }

    static Instance create(long seed, int n, int m, double density) {
        SplittableRandom r = new SplittableRandom(seed);
        LpBuilder b = new LpBuilder();
        double[] x0 = new double[n];
        for (int j = 0; j < n; j++) {
            double lo = -1 - 3 * r.nextDouble();
            double hi = 1 + 3 * r.nextDouble();
            b.variable(lo, hi);
            x0[j] = lo + r.nextDouble() * (hi - lo);
            b.objective(j, r.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < m; i++) {
            double ax = 0;
            for (int j = 0; j < n; j++) {
                if (r.nextDouble() < density) {
                    double a = r.nextDouble() * 2 - 1;
                    b.term(j, a);
                    ax += a * x0[j];
                }
            }
            double slack = r.nextDouble();
            switch (i % 4) {
                case 0 -> b.endRow(ax, ax);
                case 1 -> b.endRow(ax - slack, Double.POSITIVE_INFINITY);
                case 2 -> b.endRow(Double.NEGATIVE_INFINITY, ax + slack);
                default -> b.endRow(ax - slack, ax + r.nextDouble());
            }
        }
        return new Instance(b.build(), x0);
    }
}
