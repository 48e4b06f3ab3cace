package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static io.netverify.onnx.ops.OpTesting.assertAllClose;
import static io.netverify.onnx.ops.OpTesting.at;
import static io.netverify.onnx.ops.OpTesting.attrs;
import static io.netverify.onnx.ops.OpTesting.random;
import static io.netverify.onnx.ops.OpTesting.run;
import static io.netverify.onnx.ops.OpTesting.unflatten;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MatrixOpsTest {
    @Test
    void gemmMatchesNaiveTripleLoop() {
        Random rnd = new Random(41);
        int[][] cShapes = {null, {}, {1}, {5}, {3, 1}, {3, 5}};
        for (int trial = 0; trial < 48; trial++) {
            int m = 3;
            int k = 1 + rnd.nextInt(7);
            int n = 5;
            boolean transA = trial % 2 == 1;
            boolean transB = trial / 2 % 2 == 1;
            int[] cShape = cShapes[trial / 4 % cShapes.length];
            double alpha = trial < 24 ? 1 : (float) (2 * rnd.nextDouble() - 1);
            double beta = trial < 24 ? 1 : (float) (2 * rnd.nextDouble() - 1);
            Tensor a = transA ? random(rnd, 2, k, m) : random(rnd, 2, m, k);
            Tensor b = transB ? random(rnd, 2, n, k) : random(rnd, 2, k, n);
            Tensor c = cShape == null ? null : random(rnd, 2, cShape);
            Attributes at = trial < 24 ? attrs("transA", transA ? 1L : 0L, "transB", transB ? 1L : 0L)
                : attrs("transA", transA ? 1L : 0L, "transB", transB ? 1L : 0L, "alpha", alpha, "beta", beta);
            Tensor y = c == null ? run("Gemm", at, a, b) : run("Gemm", at, a, b, c);
            assertEquals(Shape.of(m, n), y.shape());
            double[] expected = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double aip = transA ? a.get(p * m + i) : a.get(i * k + p);
                        double bpj = transB ? b.get(j * k + p) : b.get(p * n + j);
                        s += aip * bpj;
                    }
                    expected[i * n + j] = alpha * s + (c == null ? 0 : beta * at(c, new int[] {i, j}));
                }
            }
            assertAllClose(expected, y.data(), 1e-13, "Gemm trial " + trial);
        }
    }

    @Test
    void gemmIgnoresCWhenBetaIsZeroAndChecksShapes() {
        Tensor a = Tensor.of(Shape.of(1, 2), 1, 2);
        Tensor b = Tensor.of(Shape.of(2, 1), 3, 4);
        Tensor c = Tensor.of(Shape.of(1), Double.NaN);
        assertArrayEquals(new double[] {11}, run("Gemm", attrs("beta", 0.0), a, b, c).data());
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Gemm", Attributes.EMPTY, a, a));
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("Gemm", Attributes.EMPTY, a, b, Tensor.of(Shape.of(2), 0, 0)));
        assertThrows(IllegalArgumentException.class,
            () -> OpTesting.inferOne("Gemm", Attributes.EMPTY, Tensor.of(Shape.of(2), 1, 2), b));
    }

    @Test
    void matMulFollowsNumpyShapes() {
        int[][][] cases = {
            // a, b, expected result shape
            {{4}, {4}, {}},
            {{4}, {4, 3}, {3}},
            {{2, 4}, {4}, {2}},
            {{2, 4}, {4, 3}, {2, 3}},
            {{5, 2, 4}, {4}, {5, 2}},
            {{4}, {5, 4, 3}, {5, 3}},
            {{2, 4}, {5, 4, 3}, {5, 2, 3}},
            {{2, 1, 2, 4}, {3, 4, 3}, {2, 3, 2, 3}},
            {{1, 3, 2, 4}, {2, 1, 4, 3}, {2, 3, 2, 3}},
        };
        Random rnd = new Random(42);
        for (int[][] c : cases) {
            Tensor a = random(rnd, 1, c[0]);
            Tensor b = random(rnd, 1, c[1]);
            Tensor y = run("MatMul", Attributes.EMPTY, a, b);
            assertEquals(Shape.of(c[2]), y.shape(), Arrays.toString(c[0]) + " x " + Arrays.toString(c[1]));
            assertAllClose(naiveMatMul(a, b, c[2]), y.data(), 1e-14, "MatMul " + Arrays.toString(c[0]));
        }
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("MatMul", Attributes.EMPTY,
            random(rnd, 1, 2, 3), random(rnd, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("MatMul", Attributes.EMPTY,
            random(rnd, 1, 2, 2, 3), random(rnd, 1, 3, 3, 2)));
    }

    /** Reference MatMul: promote 1-D operands to matrices, broadcast batch indices by hand. */
    private static double[] naiveMatMul(Tensor a, Tensor b, int[] outDims) {
        int[] ad = a.shape().rank() == 1 ? new int[] {1, a.shape().dim(0)} : a.shape().dims();
        int[] bd = b.shape().rank() == 1 ? new int[] {b.shape().dim(0), 1} : b.shape().dims();
        Tensor a2 = a.reshape(Shape.of(ad));
        Tensor b2 = b.reshape(Shape.of(bd));
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        int batchRank = Math.max(ad.length, bd.length) - 2;
        int[] batchDims = new int[batchRank];
        for (int d = 0; d < batchRank; d++) {
            int da = d - (batchRank - (ad.length - 2)) >= 0 ? ad[d - (batchRank - (ad.length - 2))] : 1;
            int db = d - (batchRank - (bd.length - 2)) >= 0 ? bd[d - (batchRank - (bd.length - 2))] : 1;
            batchDims[d] = Math.max(da, db);
        }
        int batches = Shape.of(batchDims).size();
        double[] out = new double[batches * m * n];
        for (int t = 0; t < batches; t++) {
            int[] bi = unflatten(t, batchDims);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += at(a2, append(bi, i, p)) * at(b2, append(bi, p, j));
                    }
                    out[(t * m + i) * n + j] = s;
                }
            }
        }
        assertEquals(Shape.of(outDims).size(), out.length);
        return out;
    }

    private static int[] append(int[] prefix, int i, int j) {
        int[] r = Arrays.copyOf(prefix, prefix.length + 2);
        r[prefix.length] = i;
        r[prefix.length + 1] = j;
        return r;
    }

    @Test
    void matMulOfComputedBatchesAtCifarSizesMatchesItsDefinition() {
        Random rnd = new Random(43);
        Tensor a = random(rnd, 1, 8, 64, 64);
        Tensor b = random(rnd, 1, 8, 64, 64);
        Tensor y = run("MatMul", Attributes.EMPTY, a, b);
        assertEquals(Shape.of(8, 64, 64), y.shape());
        // Spot check one entry against its definition.
        double s = 0;
        for (int p = 0; p < 64; p++) {
            s += a.get(5 * 4096 + 7 * 64 + p) * b.get(5 * 4096 + p * 64 + 9);
        }
        assertEquals(s, y.get(5 * 4096 + 7 * 64 + 9), 1e-12);
    }

    @Test
    void linearMatchesItsDefinition() {
        Random rnd = new Random(44);
        Tensor x = random(rnd, 1, 2, 3, 5);
        Tensor w = random(rnd, 1, 4, 5);
        Tensor b = random(rnd, 1, 4);
        Tensor y = run("Linear", Attributes.EMPTY, x, w, b);
        Tensor noBias = run("Linear", Attributes.EMPTY, x, w);
        assertEquals(Shape.of(2, 3, 4), y.shape());
        double[] expected = new double[24];
        double[] expectedNoBias = new double[24];
        for (int r = 0; r < 6; r++) {
            for (int o = 0; o < 4; o++) {
                double s = 0;
                for (int i = 0; i < 5; i++) {
                    s += x.get(r * 5 + i) * w.get(o * 5 + i);
                }
                expectedNoBias[r * 4 + o] = s;
                expected[r * 4 + o] = s + b.get(o);
            }
        }
        assertAllClose(expected, y.data(), 1e-14, "Linear");
        assertAllClose(expectedNoBias, noBias.data(), 1e-14, "Linear without bias");
        // Same as Gemm with transB on a matrix input.
        Tensor x2 = x.reshape(Shape.of(6, 5));
        assertAllClose(run("Gemm", attrs("transB", 1L), x2, w, b).data(), y.data(), 1e-14, "Linear vs Gemm");
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Linear", Attributes.EMPTY, x, w.reshape(Shape.of(5, 4))));
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Linear", Attributes.EMPTY, x, w, random(rnd, 1, 5)));
    }

    @Test
    void affineBroadcastsScaleAndShiftToTheInput() {
        Random rnd = new Random(45);
        Tensor x = new Tensor(DataType.FLOAT, Shape.of(2, 3, 2, 2), random(rnd, 1, 2, 3, 2, 2).data());
        Tensor scale = random(rnd, 1, 3, 1, 1);
        Tensor shift = random(rnd, 1, 3, 1, 1);
        Tensor y = run("Affine", Attributes.EMPTY, x, scale, shift);
        assertEquals(DataType.FLOAT, y.type());
        for (int i = 0; i < x.size(); i++) {
            int channel = i / 4 % 3;
            assertEquals(x.get(i) * scale.get(channel) + shift.get(channel), y.get(i), 1e-15);
        }
        assertThrows(IllegalArgumentException.class, () -> OpTesting.inferOne("Affine", Attributes.EMPTY,
            x, random(rnd, 1, 4, 3, 1, 1), shift));
    }
}
