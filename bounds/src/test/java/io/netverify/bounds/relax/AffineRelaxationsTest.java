package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Neg, BatchNormalization, Gemm and Cast. */
class AffineRelaxationsTest {
    private final SplittableRandom rnd = new SplittableRandom(3);

    private Tensor random(double scale, double offset, int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = offset + scale * rnd.nextGaussian();
        }
        return Tensor.of(s, d);
    }

    private Tensor variance(int... dims) {
        Tensor t = random(0.5, 0, dims);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.1 + Math.abs(d[i]);
        }
        return Tensor.of(t.shape(), d);
    }

    @Test
    void neg() {
        OpCheck.check(OpCheck.graph("Neg", Attributes.EMPTY, Shape.of(3, 2)), 1);
    }

    @Test
    void batchNormalizationPerChannelAndPerActivation() {
        OpCheck.check(OpCheck.graph("BatchNormalization", Attributes.of("epsilon", 1e-3), Shape.of(2, 3, 2, 2), random(1, 0, 3),
            random(1, 0, 3), random(1, 0, 3), variance(3)), 10);
        OpCheck.check(OpCheck.graph("BatchNormalization", Attributes.of("opset", 7L, "spatial", 0L), Shape.of(1, 2, 3),
            random(1, 0, 2, 3), random(1, 0, 2, 3), random(1, 0, 2, 3), variance(2, 3)), 11);
    }

    @Test
    void gemmWithConstantWeights() {
        OpCheck.check(OpCheck.graph("Gemm", Attributes.of("transB", 1L, "alpha", 0.5, "beta", 2.0), Shape.of(3, 4),
            random(1, 0, 5, 4), random(1, 0, 5)), 20);
        OpCheck.check(OpCheck.graph("Gemm", Attributes.EMPTY, Shape.of(2, 3), random(1, 0, 3, 4)), 21);
        OpCheck.check(OpCheck.graph("Gemm", Attributes.of("beta", 0.0), Shape.of(2, 3), random(1, 0, 3, 2), random(1, 0, 2, 1)), 22);
        OpCheck.check(OpCheck.graph("Gemm", Attributes.of("transA", 1L), Shape.of(3, 2), random(1, 0, 3, 4)), 23);
    }

    /** The computed operand on the right of the product: Y = alpha A' B' + beta C is linear in B. */
    @Test
    void gemmWithConstantA() {
        OpCheck.check(OpCheck.graph("Gemm", Attributes.EMPTY, random(1, 0, 3, 4), Shape.of(4, 2)), 24);
        OpCheck.check(OpCheck.graph("Gemm", Attributes.of("transA", 1L, "transB", 1L, "alpha", -0.5, "beta", 3.0),
            random(1, 0, 4, 3), Shape.of(2, 4), random(1, 0, 3, 1)), 25);
        OpCheck.check(OpCheck.graph("Gemm", Attributes.of("transB", 1L), random(1, 0, 1, 5), Shape.of(3, 5), random(1, 0, 3)), 26);
        Graph product = OpCheck.graph("Gemm", Attributes.EMPTY, Shape.of(2, 3), Shape.of(3, 2));
        NoRelaxationException e = assertThrows(NoRelaxationException.class, () -> OpCheck.check(product, 27));
        assertTrue(e.getMessage().contains("exactly one of A and B"), e.getMessage());
    }

    @Test
    void castToDoubleIsTheIdentity() {
        OpCheck.check(OpCheck.graph("Cast", Attributes.of("to", 11L), Shape.of(4)), 30);
    }

    /** Cast to float32/float16 rounds: IBP holds, and the backward step is a lower bound within the rounding error. */
    @Test
    void castToNarrowerFloatsRounds() {
        long[] types = {1, 10, 16};
        int[] precision = {24, 11, 8};
        for (int t = 0; t < types.length; t++) {
            long to = types[t];
            Graph g = OpCheck.graph("Cast", Attributes.of("to", to), Shape.of(50));
            OpCheck.checkIbpSound(g, 31);
            int n = 50;
            double[] l = new double[n];
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                l[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3);
                u[i] = l[i] + Math.abs(rnd.nextGaussian());
            }
            Interval box = new Interval(l, u);
            int rows = 2;
            double[] a = new double[rows * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextGaussian();
            }
            Map<String, double[]> acc = new HashMap<>();
            double[] bias = new double[rows];
            var node = g.nodes().get(0);
            BackwardStep step = new BackwardStep(g, node, rows, new double[][] {a}, v -> box,
                v -> acc.computeIfAbsent(v, k -> new double[rows * n]), bias, null);
            Relaxations.find("Cast").orElseThrow().backward(node, step);
            double[] coefficients = acc.get("x0");
            for (int s = 0; s < 200; s++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = l[i] + rnd.nextDouble() * (u[i] - l[i]);
                }
                double[] y = io.netverify.onnx.ops.Operators.find("Cast").orElseThrow()
                    .evaluate(node, List.of(Tensor.of(Shape.of(n), x))).get(0).data();
                for (int k = 0; k < rows; k++) {
                    double exact = 0;
                    double linear = bias[k];
                    double worst = 0;
                    for (int i = 0; i < n; i++) {
                        exact += a[k * n + i] * y[i];
                        linear += coefficients[k * n + i] * x[i];
                        worst += Math.abs(a[k * n + i]) * Math.max(Math.abs(l[i]), Math.abs(u[i]));
                    }
                    assertTrue(linear <= exact, "cast to " + to + ": " + linear + " > " + exact);
                    // at most twice the largest rounding error (plus the subnormal term)
                    assertEquals(exact, linear, Math.scalb(worst, 1 - precision[t]) + 1e-30, "cast to " + to + ": bound too loose");
                }
            }
        }
        // integer casts truncate (CastRelaxationTest samples them at the range ends)
        OpCheck.checkIbpSound(OpCheck.graph("Cast", Attributes.of("to", 7L), Shape.of(2)), 32);
    }
}
