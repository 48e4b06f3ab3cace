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
    @Test
    void linearBackwardMatchesTheNaiveProduct() {
        SplittableRandom rnd = new SplittableRandom(1);
        int rows = 13, groups = 3, out = 37, in = 29;
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
        double[] acc = new double[rows * groups * in];
        double[] bias = new double[rows];
        new CpuBackend().linearBackward(a, rows, groups, w, b, acc, bias);
        for (int k = 0; k < rows; k++) {
            double bk = 0;
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    for (int o = 0; o < out; o++) {
                        s += a[(k * groups + g) * out + o] * w[o][i];
                    }
                    assertEquals(s, acc[(k * groups + g) * in + i], 1e-12 * (1 + Math.abs(s)));
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
