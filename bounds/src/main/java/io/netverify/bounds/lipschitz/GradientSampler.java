package io.netverify.bounds.lipschitz;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;

import java.util.SplittableRandom;

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
        double[][] grads = gradient.evaluateBatch(points);
        int best = 0;
        double bestValue = -1;
        for (int s = 0; s < random; s++) {
            double v = norm.dual(grads[s]);
            if (v > bestValue) {
                bestValue = v;
                best = s;
            }
        }
        double[] x = points[best];
        double radius = 0.25;
        for (int step = 0; step < samples - random && radius > 1e-6; step++) {
            double[] y = x.clone();
            for (int i = 0; i < n; i++) {
                double w = box.upper()[i] - box.lower()[i];
                y[i] = clamp(box, i, y[i] + (2 * rnd.nextDouble() - 1) * radius * w);
            }
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
