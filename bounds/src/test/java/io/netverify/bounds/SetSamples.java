package io.netverify.bounds;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * Points of an {@link InputSet} for sampling checks: vertices and boundary points as well as
 * interior ones, each checked to lie in the set in exact arithmetic (a point that rounding put
 * outside is moved toward the centre ulp by ulp until it is inside).
 */
public final class SetSamples {
    private SetSamples() {
    }

    /** Sample s: l_1 vertices first, then alternately boundary (odd s) and interior points. */
    public static double[] sample(InputSet set, SplittableRandom rnd, int s) {
        if (set instanceof InputSet.Point p) {
            return p.x().clone();
        }
        if (set instanceof InputSet.Box b) {
            double[] x = new double[b.size()];
            for (int i = 0; i < x.length; i++) {
                double t = s % 2 == 1 ? rnd.nextInt(2) : rnd.nextDouble();
                x[i] = b.interval().lower()[i] + t * (b.interval().upper()[i] - b.interval().lower()[i]);
            }
            return inside(set, x, b.box());
        }
        return inside(set, ballPoint((InputSet.Ball) set, rnd, s), null);
    }

    private static double[] ballPoint(InputSet.Ball ball, SplittableRandom rnd, int s) {
        int n = ball.size();
        double[] c = ball.centre();
        double eps = ball.eps();
        double[] dir = new double[n];
        if (ball.norm() == InputSet.Norm.L1 && s < 2 * n) {
            dir[s / 2] = s % 2 == 0 ? 1 : -1;
        } else {
            double norm = 0;
            for (int j = 0; j < n; j++) {
                dir[j] = switch (ball.norm()) {
                    case LINF -> s % 2 == 1 ? (rnd.nextBoolean() ? 1 : -1) : 2 * rnd.nextDouble() - 1;
                    case L1 -> (rnd.nextBoolean() ? 1 : -1) * -Math.log(1 - rnd.nextDouble());
                    case L2 -> Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
                };
                norm = ball.norm() == InputSet.Norm.L1 ? norm + Math.abs(dir[j]) : norm + dir[j] * dir[j];
            }
            if (ball.norm() != InputSet.Norm.LINF) {
                double scale = (ball.norm() == InputSet.Norm.L2 ? Math.sqrt(norm) : norm)
                    / (s % 2 == 1 ? 1 : Math.pow(rnd.nextDouble(), 1.0 / n));
                for (int j = 0; j < n; j++) {
                    dir[j] /= scale;
                }
            }
        }
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = c[j] + eps * dir[j];
        }
        return x;
    }

    /** x moved toward the set's centre (or into the box) until it lies in the set exactly. */
    private static double[] inside(InputSet set, double[] x, Interval box) {
        if (box != null) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.min(Math.max(x[i], box.lower()[i]), box.upper()[i]);
            }
            return x;
        }
        double[] c = ((InputSet.Ball) set).centre();
        for (int step = 0; !contains(set, x); step++) {
            if (step > 1000) {
                throw new IllegalStateException("cannot move a sample into " + set);
            }
            for (int j = 0; j < x.length; j++) {
                x[j] = Math.nextAfter(x[j], c[j]);
            }
        }
        return x;
    }

    /** Whether x lies in the set, in exact arithmetic. */
    public static boolean contains(InputSet set, double[] x) {
        if (set instanceof InputSet.Point p) {
            return java.util.Arrays.equals(p.x(), x);
        }
        if (set instanceof InputSet.Box b) {
            return b.interval().contains(x, 0);
        }
        InputSet.Ball ball = (InputSet.Ball) set;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal eps = new BigDecimal(ball.eps());
        for (int j = 0; j < x.length; j++) {
            BigDecimal d = new BigDecimal(x[j]).subtract(new BigDecimal(ball.centre()[j])).abs();
            switch (ball.norm()) {
                case LINF -> sum = sum.max(d);
                case L1 -> sum = sum.add(d);
                case L2 -> sum = sum.add(d.multiply(d));
            }
        }
        return sum.compareTo(ball.norm() == InputSet.Norm.L2 ? eps.multiply(eps) : eps) <= 0;
    }
}
