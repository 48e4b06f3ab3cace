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
            points[s + 1] = RegionPoints.ballPoint(ball, rnd, s % 2 == 1);
        }
        return localSearch(best(points), samples - random, (y, radius) -> {
            for (int i = 0; i < y.length; i++) {
                y[i] += (2 * rnd.nextDouble() - 1) * radius * ball.eps();
            }
            RegionPoints.intoBall(ball, y);
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

    private static double clamp(Interval box, int i, double v) {
        return Math.min(box.upper()[i], Math.max(box.lower()[i], v));
    }
}
