package io.netverify.bounds.backend;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuBackendTest {
    /**
     * Against the naive product, adding onto an accumulator that already holds values: one block,
     * several blocks with an odd last one, and more blocks than tasks (a task's scratch reused).
     */
    @Test
    void linearBackwardMatchesTheNaiveProduct() {
        linearBackwardMatchesTheNaiveProduct(13, 3, 37, 29, 1);
        linearBackwardMatchesTheNaiveProduct(5, 1, 9, 11, 2);
        linearBackwardMatchesTheNaiveProduct(301, 1, 20, 17, 3);
    }

    private static void linearBackwardMatchesTheNaiveProduct(int rows, int groups, int out, int in, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] w = new double[out][in];
        double[] b = new double[out];
        double[] a = new double[rows * groups * out];
        for (int o = 0; o < out; o++) {
            b[o] = rnd.nextGaussian();
            for (int i = 0; i < in; i++) {
                w[o][i] = rnd.nextGaussian();
            }
        }
        for (int j = 0; j < a.length; j++) {
            a[j] = rnd.nextInt(3) == 0 ? 0 : rnd.nextGaussian(); // zeros take the skipping path
        }
        for (int v = 0; v < rows * groups; v += 7) {
            java.util.Arrays.fill(a, v * out, (v + 1) * out, 0); // a vector with no nonzero column
        }
        double[] acc = new double[rows * groups * in];
        for (int j = 0; j < acc.length; j++) {
            acc[j] = rnd.nextGaussian();
        }
        double[] before = acc.clone();
        double[] bias = new double[rows];
        new CpuBackend().linearBackward(a, rows, groups, w, b, acc, bias);
        for (int k = 0; k < rows; k++) {
            double bk = 0;
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < in; i++) {
                    int at = (k * groups + g) * in + i;
                    double s = before[at];
                    for (int o = 0; o < out; o++) {
                        s += a[(k * groups + g) * out + o] * w[o][i];
                    }
                    assertEquals(s, acc[at], 1e-12 * (1 + Math.abs(s)));
                }
                for (int o = 0; o < out; o++) {
                    bk += a[(k * groups + g) * out + o] * b[o];
                }
            }
            assertEquals(bk, bias[k], 1e-12 * (1 + Math.abs(bk)));
        }
    }

    @Test
    void boundPropagationRunsOnTheInstalledBackend() {
        RandomGraphs r = new RandomGraphs(4);
        Graph g = r.build(Shape.of(1, 6), r.linear(r.node("Relu", r.linear("x", 6, 10)), 10, 2));
        Interval box = r.box(6, 1.0);
        Bounds cpu = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box);
        AtomicInteger calls = new AtomicInteger();
        CpuBackend inner = new CpuBackend();
        ComputeBackend counting = new ComputeBackend() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void linearBackward(double[] a, int rows, int groups, double[][] w, double[] b, double[] acc, double[] bias) {
                calls.incrementAndGet();
                inner.linearBackward(a, rows, groups, w, b, acc, bias);
            }

            @Override
            public void linearInterval(double[] xl, double[] xu, int groups, double[][] w, double[] b, double[] lo, double[] hi) {
                calls.incrementAndGet();
                inner.linearInterval(xl, xu, groups, w, b, lo, hi);
            }
        };
        ComputeBackend before = ComputeBackends.current();
        ComputeBackends.use(counting);
        try {
            Bounds viaCounting = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box);
            assertArrayEquals(cpu.lower(), viaCounting.lower());
            assertArrayEquals(cpu.upper(), viaCounting.upper());
        } finally {
            ComputeBackends.use(before);
        }
        assertTrue(calls.get() >= 4, "the products did not go through the backend: " + calls.get() + " calls");
    }
}
