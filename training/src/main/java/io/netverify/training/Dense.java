package io.netverify.training;

import io.netverify.onnx.ops.MatrixKernels;

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

    /** Rows handled together by the kernels: each row of the streamed operand is read once per block. */
    private static final int BLOCK = 4;

    /** {@code a (n x k) * w (k x m)}, row-major. */
    static double[] mul(double[] a, int n, int k, double[] w, int m) {
        double[] out = new double[n * m];
        int blocks = (n + BLOCK - 1) / BLOCK;
        forEach(blocks, (long) n * k * m, blk -> {
            int i0 = blk * BLOCK;
            if (i0 + BLOCK > n) {
                for (int i = i0; i < n; i++) {
                    axpyRows(a, i * k, k, w, m, out, i * m);
                }
                return;
            }
            int o0 = i0 * m;
            int o1 = o0 + m;
            int o2 = o1 + m;
            int o3 = o2 + m;
            for (int kk = 0; kk < k; kk++) {
                double s0 = a[i0 * k + kk];
                double s1 = a[(i0 + 1) * k + kk];
                double s2 = a[(i0 + 2) * k + kk];
                double s3 = a[(i0 + 3) * k + kk];
                if (s0 == 0 && s1 == 0 && s2 == 0 && s3 == 0) {
                    continue;
                }
                int r = kk * m;
                for (int j = 0; j < m; j++) {
                    double v = w[r + j];
                    out[o0 + j] += s0 * v;
                    out[o1 + j] += s1 * v;
                    out[o2 + j] += s2 * v;
                    out[o3 + j] += s3 * v;
                }
            }
        });
        return out;
    }

    /** {@code out[o..o+m) += sum over kk of a[from + kk] * w[kk * m ..]}. */
    private static void axpyRows(double[] a, int from, int k, double[] w, int m, double[] out, int o) {
        for (int kk = 0; kk < k; kk++) {
            double s = a[from + kk];
            if (s != 0) {
                int r = kk * m;
                for (int j = 0; j < m; j++) {
                    out[o + j] += s * w[r + j];
                }
            }
        }
    }

    /** {@code a (n x k) * w^T} for {@code w (m x k)}, row-major. */
    static double[] mulTransposed(double[] a, int n, int k, double[] w, int m) {
        return mul(a, n, k, MatrixKernels.transpose(w, m, k), m);
    }

    /** {@code gw (m x k) += g^T x} for {@code g (n x m)} and {@code x (n x k)}. */
    static void addTransposedProduct(double[] gw, double[] g, int n, int m, double[] x, int k) {
        int blocks = (m + BLOCK - 1) / BLOCK;
        forEach(blocks, (long) n * k * m, blk -> {
            int first = blk * BLOCK;
            int count = Math.min(BLOCK, m - first);
            if (count < BLOCK) {
                for (int o = first; o < first + count; o++) {
                    for (int b = 0; b < n; b++) {
                        double s = g[b * m + o];
                        if (s != 0) {
                            for (int j = 0; j < k; j++) {
                                gw[o * k + j] += s * x[b * k + j];
                            }
                        }
                    }
                }
                return;
            }
            int r0 = first * k;
            int r1 = r0 + k;
            int r2 = r1 + k;
            int r3 = r2 + k;
            for (int b = 0; b < n; b++) {
                int gb = b * m + first;
                double s0 = g[gb];
                double s1 = g[gb + 1];
                double s2 = g[gb + 2];
                double s3 = g[gb + 3];
                if (s0 == 0 && s1 == 0 && s2 == 0 && s3 == 0) {
                    continue;
                }
                int xb = b * k;
                for (int j = 0; j < k; j++) {
                    double v = x[xb + j];
                    gw[r0 + j] += s0 * v;
                    gw[r1 + j] += s1 * v;
                    gw[r2 + j] += s2 * v;
                    gw[r3 + j] += s3 * v;
                }
            }
        });
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
