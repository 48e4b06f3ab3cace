package io.netverify.training;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Dense row-major kernels for the batched passes. Every product is written as rows of "axpy"
 * updates (a scalar times a contiguous row added to a contiguous row), which the JIT vectorises,
 * and runs its independent output rows on the common fork-join pool.
 */
final class Dense {
    /** Below this many multiply-adds a kernel stays on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 16;

    private Dense() {
    }

    /** Runs {@code body} for 0..n-1, in parallel where {@code work} (multiply-adds in all) is large. */
    static void forEach(int n, long work, IntConsumer body) {
        if (n > 1 && work >= PARALLEL_WORK) {
            IntStream.range(0, n).parallel().forEach(body);
        } else {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
        }
    }

    /** {@code a (n x k) * w (k x m)}, row-major. */
    static double[] mul(double[] a, int n, int k, double[] w, int m) {
        double[] out = new double[n * m];
        forEach(n, (long) n * k * m, i -> {
            int o = i * m;
            for (int kk = 0; kk < k; kk++) {
                double s = a[i * k + kk];
                if (s != 0) {
                    int r = kk * m;
                    for (int j = 0; j < m; j++) {
                        out[o + j] += s * w[r + j];
                    }
                }
            }
        });
        return out;
    }

    /** {@code a (n x k) * w^T} for {@code w (m x k)}, row-major. */
    static double[] mulTransposed(double[] a, int n, int k, double[] w, int m) {
        return mul(a, n, k, transpose(w, m, k), m);
    }

    /** {@code gw (m x k) += g^T x} for {@code g (n x m)} and {@code x (n x k)}. */
    static void addTransposedProduct(double[] gw, double[] g, int n, int m, double[] x, int k) {
        forEach(m, (long) n * k * m, o -> {
            int r = o * k;
            for (int b = 0; b < n; b++) {
                double s = g[b * m + o];
                if (s != 0) {
                    int xb = b * k;
                    for (int j = 0; j < k; j++) {
                        gw[r + j] += s * x[xb + j];
                    }
                }
            }
        });
    }

    /** The transpose of {@code a (rows x cols)}. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    static double[] abs(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }

    static void addInto(double[] target, double[] add) {
        for (int i = 0; i < target.length; i++) {
            target[i] += add[i];
        }
    }
}
