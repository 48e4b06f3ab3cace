package io.netverify.bounds.lipschitz;

import io.netverify.bounds.InputSet;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;

import java.util.SplittableRandom;
import java.util.function.ObjDoubleConsumer;

/**
 * A lower bound of {@code sup ||c^T J(x)||} over a box from evaluating the gradient at points:
 * random points and vertices, then a local search around the best one with shrinking steps. Every
 * value is the dual norm of an exactly evaluated gradient, so the best is a true lower bound at
 * points of differentiability (almost every sample).
 */
final class GradientSampler {
    private final Evaluator gradient;
    private final InputNorm norm;

    GradientSampler(Graph gradientGraph, InputNorm norm) {
        this.gradient = new Evaluator(gradientGraph);
        this.norm = norm;
    }

    /** The largest gradient norm found and its point. */
    record Sample(double value, double[] point) {
    }

    double value(double[] x) {
        return norm.dual(gradient.evaluate(x));
    }

    Sample search(Interval box, int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = box.size();
        int random = Math.max(1, samples / 2);
        double[][] points = new double[random][];
        for (int s = 0; s < random; s++) {
            double[] x = new double[n];
            boolean vertex = s % 4 == 3;
            for (int i = 0; i < n; i++) {
                double t = vertex ? (rnd.nextBoolean() ? 1 : 0) : rnd.nextDouble();
                x[i] = clamp(box, i, box.lower()[i] + t * (box.upper()[i] - box.lower()[i]));
            }
            points[s] = x;
        }
        return localSearch(best(points), samples - random, (y, radius) -> {
            for (int i = 0; i < n; i++) {
                double w = box.upper()[i] - box.lower()[i];
                y[i] = clamp(box, i, y[i] + (2 * rnd.nextDouble() - 1) * radius * w);
            }
        });
    }

    /**
     * {@link #search(Interval, int, long)} over any input set: a box as above, a point as itself, a
     * ball by its centre and random points inside it (half on its boundary), then the same local
     * search, each step drawn back into the ball.
     */
    Sample search(InputSet region, int samples, long seed) {
        if (region instanceof InputSet.Box b) {
            return search(b.interval(), samples, seed);
        }
        if (!(region instanceof InputSet.Ball ball) || ball.eps() == 0) {
            double[] x = region.minimiser(null, 0);
            return new Sample(value(x), x);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int random = Math.max(1, samples / 2);
        double[][] points = new double[random + 1][];
        points[0] = ball.centre().clone();
        for (int s = 0; s < random; s++) {
            points[s + 1] = ballPoint(ball, rnd, s % 2 == 1);
        }
        return localSearch(best(points), samples - random, (y, radius) -> {
            for (int i = 0; i < y.length; i++) {
                y[i] += (2 * rnd.nextDouble() - 1) * radius * ball.eps();
            }
            intoBall(ball, y);
        });
    }

    /** The point with the largest gradient norm. */
    private Sample best(double[][] points) {
        double[][] grads = gradient.evaluateBatch(points);
        int best = 0;
        double bestValue = -1;
        for (int s = 0; s < points.length; s++) {
            double v = norm.dual(grads[s]);
            if (v > bestValue) {
                bestValue = v;
                best = s;
            }
        }
        return new Sample(bestValue, points[best]);
    }

    /**
     * Up to {@code steps} random moves from the start, each kept when it raises the gradient norm;
     * {@code move} perturbs a copy of the current point by steps of the given relative radius, which
     * halves after every 16 moves without gain.
     */
    private Sample localSearch(Sample start, int steps, ObjDoubleConsumer<double[]> move) {
        double[] x = start.point();
        double bestValue = start.value();
        double radius = 0.25;
        for (int step = 0; step < steps && radius > 1e-6; step++) {
            double[] y = x.clone();
            move.accept(y, radius);
            double v = value(y);
            if (v > bestValue) {
                bestValue = v;
                x = y;
            } else if (step % 16 == 15) {
                radius /= 2;
            }
        }
        return new Sample(bestValue, x);
    }

    /** A random point of the ball, on its boundary or (uniformly in radius^n) inside. */
    private static double[] ballPoint(InputSet.Ball ball, SplittableRandom rnd, boolean boundary) {
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
    private static double[] intoBall(InputSet.Ball ball, double[] y) {
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

    private static double clamp(Interval box, int i, double v) {
        return Math.min(box.upper()[i], Math.max(box.lower()[i], v));
    }
}
