package io.netverify.bounds;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sampling check of bounds: random points of the box (and all corners for small boxes) evaluated
 * exactly must land inside the bounds of C y + d.
 */
public final class SoundnessCheck {
    private SoundnessCheck() {
    }

    public static void check(Graph g, Interval box, double[][] c, double[] d, Bounds b, int samples, long seed) {
        Evaluator ev = new Evaluator(g);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = box.size();
        int corners = n <= 16 ? 1 << n : 0;
        for (int s = 0; s < samples + corners; s++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double t = s < corners ? (s >> i & 1) : rnd.nextDouble();
                x[i] = box.lower()[i] + t * (box.upper()[i] - box.lower()[i]);
            }
            double[] y = ev.evaluate(x);
            for (int k = 0; k < c.length; k++) {
                double v = d[k];
                for (int j = 0; j < y.length; j++) {
                    v += c[k][j] * y[j];
                }
                double tol = 1e-9 * (1 + Math.abs(v));
                if (v < b.lower()[k] - tol || v > b.upper()[k] + tol) {
                    fail(b.method() + " bound of row " + k + " is [" + b.lower()[k] + ", " + b.upper()[k]
                        + "] but the point sample " + s + " gives " + v);
                }
            }
        }
    }

    /** Identity C and zero d for the raw outputs. */
    public static double[][] identity(int n) {
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1;
        }
        return c;
    }
}
