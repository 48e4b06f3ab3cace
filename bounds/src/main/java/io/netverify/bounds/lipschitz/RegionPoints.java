package io.netverify.bounds.lipschitz;

import io.netverify.bounds.InputSet;
import io.netverify.bounds.Interval;

import java.util.SplittableRandom;

/**
 * Random points of an input region (box, point or l_p ball), for sampled lower bounds and for
 * looking for witnesses: every point returned lies in the region (a ball's with a margin for rounding).
 */
public final class RegionPoints {
    private RegionPoints() {
    }

    /** A random point of the region: uniform in a box, the point itself, or inside a ball (on its boundary half the time). */
    public static double[] random(InputSet region, SplittableRandom rnd) {
        if (region instanceof InputSet.Ball ball && ball.eps() > 0) {
            return ballPoint(ball, rnd, rnd.nextBoolean());
        }
        if (region instanceof InputSet.Box b) {
            Interval box = b.interval();
            double[] x = new double[box.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.min(box.upper()[i], box.lower()[i] + rnd.nextDouble() * (box.upper()[i] - box.lower()[i]));
            }
            return x;
        }
        return region.minimiser(null, 0);
    }

    /** A random point of the ball, on its boundary or (uniformly in radius^n) inside. */
    static double[] ballPoint(InputSet.Ball ball, SplittableRandom rnd, boolean boundary) {
        int n = ball.size();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sign = rnd.nextBoolean() ? 1 : -1;
            y[i] = ball.centre()[i] + ball.eps() * switch (ball.norm()) {
                case LINF -> boundary ? sign : 2 * rnd.nextDouble() - 1;
                case L1 -> sign * -Math.log(1 - rnd.nextDouble());
                case L2 -> Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            };
        }
        if (ball.norm() == InputSet.Norm.LINF) {
            return intoBall(ball, y);
        }
        double shrink = boundary ? 1 : Math.pow(rnd.nextDouble(), 1.0 / n);
        double r = distance(ball, y);
        for (int i = 0; r > 0 && i < n; i++) {
            y[i] = ball.centre()[i] + (y[i] - ball.centre()[i]) / r * ball.eps() * shrink;
        }
        return intoBall(ball, y);
    }

    /** y moved radially toward the centre until it is within the ball, with a margin for rounding. */
    static double[] intoBall(InputSet.Ball ball, double[] y) {
        double limit = ball.eps() * (1 - 0x1p-30);
        double r = distance(ball, y);
        double[] c = ball.centre();
        for (int i = 0; i < y.length; i++) {
            y[i] = r <= limit ? y[i] : c[i] + (y[i] - c[i]) * (limit / r);
        }
        return y;
    }

    /** The ball's norm of y - centre. */
    private static double distance(InputSet.Ball ball, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double d = Math.abs(y[i] - ball.centre()[i]);
            s = switch (ball.norm()) {
                case LINF -> Math.max(s, d);
                case L1 -> s + d;
                case L2 -> s + d * d;
            };
        }
        return ball.norm() == InputSet.Norm.L2 ? Math.sqrt(s) : s;
    }

}
