package io.netverify.bounds;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Float64 rounding is accounted for: bounds hold for the exact real-number function. */
class RoundingSoundnessTest {
    /**
     * y = x0 + x1 + x2 at the point (1, -5e-17, -1): the exact value is -5e-17, but summing in float64
     * gives 1 + (-5e-17) = 1, then 0. A naive bound would prove "y >= -1e-17"; ours must not.
     */
    @Test
    void cancellationDoesNotFlipTheVerdict() {
        RandomGraphs r = new RandomGraphs(0);
        String y = r.node("Linear", "x", r.constant(Tensor.of(Shape.of(1, 3), 1, 1, 1)));
        Graph g = r.build(Shape.of(1, 3), y);
        double[] p = {1, -5e-17, -1};
        Interval point = new Interval(p, p);
        double naive = (p[0] + p[1]) + p[2];
        double exact = new BigDecimal(p[0]).add(new BigDecimal(p[1])).add(new BigDecimal(p[2])).doubleValue();
        double threshold = -1e-17;
        assertTrue(naive >= threshold && exact < threshold, "the example must flip under naive rounding");
        for (BoundMethod m : BoundMethod.values()) {
            Bounds b = BoundPropagator.of(g).method(m).compute(point, new double[][] {{1}}, new double[] {-threshold});
            assertTrue(b.lower()[0] <= exact - threshold, m + " lower bound " + b.lower()[0] + " would prove a false property");
            assertTrue(b.upper()[0] >= exact - threshold, m + " upper bound");
        }
    }

    /** Random deep linear chains with wide-ranging weights: bounds enclose the exact (BigDecimal) output. */
    @Test
    void boundsEncloseExactArithmeticOnIllConditionedChains() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int t = 0; t < 30; t++) {
            RandomGraphs r = new RandomGraphs(t);
            int n = 6;
            String v = "x";
            double[][][] ws = new double[4][][];
            for (int l = 0; l < ws.length; l++) {
                ws[l] = new double[n][n];
                double[] flat = new double[n * n];
                for (int i = 0; i < flat.length; i++) {
                    flat[i] = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, rnd.nextInt(-8, 9)) * rnd.nextDouble();
                    ws[l][i / n][i % n] = flat[i];
                }
                v = r.node("Linear", v, r.constant(Tensor.of(Shape.of(n, n), flat)));
            }
            Graph g = r.build(Shape.of(1, n), v);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextDouble() * 2 - 1;
            }
            BigDecimal[] exact = new BigDecimal[n];
            for (int i = 0; i < n; i++) {
                exact[i] = new BigDecimal(x[i]);
            }
            for (double[][] w : ws) {
                BigDecimal[] next = new BigDecimal[n];
                for (int o = 0; o < n; o++) {
                    next[o] = BigDecimal.ZERO;
                    for (int i = 0; i < n; i++) {
                        next[o] = next[o].add(new BigDecimal(w[o][i]).multiply(exact[i], MathContext.UNLIMITED));
                    }
                }
                exact = next;
            }
            for (BoundMethod m : BoundMethod.values()) {
                Bounds b = BoundPropagator.of(g).method(m).compute(new Interval(x, x));
                for (int o = 0; o < n; o++) {
                    assertTrue(new BigDecimal(b.lower()[o]).compareTo(exact[o]) <= 0
                        && new BigDecimal(b.upper()[o]).compareTo(exact[o]) >= 0,
                        m + " chain " + t + " output " + o + ": [" + b.lower()[o] + ", " + b.upper()[o] + "] vs exact " + exact[o]);
                }
            }
        }
    }
}
