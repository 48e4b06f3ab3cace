package io.netverify.bounds;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sampling check of bounds: random points of the box (and all corners for small boxes) evaluated
 * by the evaluator must land inside the bounds of C y + d, computed exactly from the evaluator's y
 * (BigDecimal): no tolerance, as the bounds hold for the evaluator's values and for exact ones.
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
                if (!inside(c[k], d[k], y, b.lower()[k], b.upper()[k])) {
                    fail(b.method() + " bound of row " + k + " is [" + b.lower()[k] + ", " + b.upper()[k]
                        + "] but the point sample " + s + " gives " + value(c[k], d[k], y));
                }
            }
        }
    }

    /** Whether lower <= c . y + d <= upper exactly; with a non-finite y only infinite bounds hold. */
    static boolean inside(double[] c, double d, double[] y, double lower, double upper) {
        if (!(lower < Double.POSITIVE_INFINITY && upper > Double.NEGATIVE_INFINITY)) {
            return false; // NaN or an empty infinite bound
        }
        BigDecimal v = new BigDecimal(d);
        boolean finite = true;
        for (int j = 0; j < y.length; j++) {
            if (c[j] != 0) {
                finite &= Double.isFinite(y[j]);
                if (finite) {
                    v = v.add(new BigDecimal(c[j]).multiply(new BigDecimal(y[j])));
                }
            }
        }
        if (!finite) {
            double f = value(c, d, y);
            boolean aboveLower = lower == Double.NEGATIVE_INFINITY || f >= lower;
            boolean belowUpper = upper == Double.POSITIVE_INFINITY || f <= upper;
            return aboveLower && belowUpper;
        }
        return (lower == Double.NEGATIVE_INFINITY || new BigDecimal(lower).compareTo(v) <= 0)
            && (upper == Double.POSITIVE_INFINITY || v.compareTo(new BigDecimal(upper)) <= 0);
    }

    private static double value(double[] c, double d, double[] y) {
        double v = d;
        for (int j = 0; j < y.length; j++) {
            v += c[j] * y[j];
        }
        return v;
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
