package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static io.netverify.onnx.ops.OpCases.assertTensor;
import static io.netverify.onnx.ops.OpCases.attrs;
import static io.netverify.onnx.ops.OpCases.dims;
import static io.netverify.onnx.ops.OpCases.dot;
import static io.netverify.onnx.ops.OpCases.inferShape;
import static io.netverify.onnx.ops.OpCases.ints;
import static io.netverify.onnx.ops.OpCases.random;
import static io.netverify.onnx.ops.OpCases.run1;
import static io.netverify.onnx.ops.OpCases.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvTest {
    /** Geometry of one 2-D case: pads top, left, bottom, right as ONNX orders them. */
    private record Case(int n, int c, int h, int w, int m, int group, int kh, int kw, int sh, int sw, int dh, int dw,
                        int pt, int pl, int pb, int pr) {
        int outH() {
            return (h + pt + pb - ((kh - 1) * dh + 1)) / sh + 1;
        }

        int outW() {
            return (w + pl + pr - ((kw - 1) * dw + 1)) / sw + 1;
        }

        Attributes attributes() {
            return attrs("group", group, "strides", ints(sh, sw), "dilations", ints(dh, dw), "pads", ints(pt, pl, pb, pr),
                "kernel_shape", ints(kh, kw));
        }
    }

    /** The textbook definition, written independently of the implementation. */
    private static double[] naiveConv(Case k, double[] x, double[] w, double[] b) {
        int oh = k.outH();
        int ow = k.outW();
        int cg = k.c / k.group;
        int mg = k.m / k.group;
        double[] y = new double[k.n * k.m * oh * ow];
        for (int n = 0; n < k.n; n++) {
            for (int m = 0; m < k.m; m++) {
                int g = m / mg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = 0;
                        for (int c = 0; c < cg; c++) {
                            for (int a = 0; a < k.kh; a++) {
                                for (int e = 0; e < k.kw; e++) {
                                    int ih = i * k.sh - k.pt + a * k.dh;
                                    int iw = j * k.sw - k.pl + e * k.dw;
                                    if (ih >= 0 && ih < k.h && iw >= 0 && iw < k.w) {
                                        s += x[((n * k.c + g * cg + c) * k.h + ih) * k.w + iw]
                                            * w[((m * cg + c) * k.kh + a) * k.kw + e];
                                    }
                                }
                            }
                        }
                        y[((n * k.m + m) * oh + i) * ow + j] = s + (b == null ? 0 : b[m]);
                    }
                }
            }
        }
        return y;
    }

    private static final Case[] CASES = {
        new Case(1, 3, 8, 8, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new Case(2, 4, 9, 7, 6, 2, 3, 2, 2, 1, 1, 2, 0, 1, 2, 0),
        new Case(1, 6, 10, 10, 6, 6, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1),      // depthwise, dilated, strided
        new Case(1, 4, 7, 11, 8, 4, 2, 3, 3, 2, 1, 3, 1, 0, 0, 2),       // channel multiplier 2
        new Case(1, 2, 1, 13, 3, 1, 1, 4, 1, 3, 1, 2, 0, 2, 0, 1),       // effectively 1-D
        new Case(1, 3, 5, 5, 2, 1, 5, 5, 1, 1, 1, 1, 0, 0, 0, 0),        // kernel covers the input
    };

    @Test
    void convMatchesNaiveLoopsOnRandomData() {
        Random rnd = new Random(1);
        for (Case k : CASES) {
            Tensor x = random(rnd, k.n, k.c, k.h, k.w);
            Tensor w = random(rnd, k.m, k.c / k.group, k.kh, k.kw);
            Tensor b = random(rnd, k.m);
            Tensor y = run1("Conv", k.attributes(), x, w, b);
            assertEquals(Shape.of(k.n, k.m, k.outH(), k.outW()), y.shape(), k.toString());
            assertArrayEquals(naiveConv(k, x.data(), w.data(), b.data()), y.data(), 1e-12, k.toString());
            Tensor noBias = run1("Conv", k.attributes(), x, w);
            assertArrayEquals(naiveConv(k, x.data(), w.data(), null), noBias.data(), 1e-12, k.toString());
        }
    }

    /**
     * The N-d definition, loop by loop: batch, filter, output position, input channel of the
     * filter's group, kernel tap; each output position and tap as a multi-index.
     */
    private static double[] referenceConv(int[] xDims, int[] wDims, int group, int[] s, int[] d, int[] pads, double[] x,
                                          double[] w, double[] b) {
        int rank = xDims.length - 2;
        int[] in = Arrays.copyOfRange(xDims, 2, xDims.length);
        int[] k = Arrays.copyOfRange(wDims, 2, wDims.length);
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            out[a] = (in[a] + pads[a] + pads[rank + a] - (k[a] - 1) * d[a] - 1) / s[a] + 1;
        }
        int outSize = Shape.of(out).size();
        int inSize = Shape.of(in).size();
        int kSize = Shape.of(k).size();
        int c = xDims[1];
        int m = wDims[0];
        int cg = wDims[1];
        int mg = m / group;
        double[] y = new double[xDims[0] * m * outSize];
        int[] o = new int[rank];
        int[] t = new int[rank];
        for (int n = 0; n < xDims[0]; n++) {
            for (int f = 0; f < m; f++) {
                for (int op = 0; op < outSize; op++) {
                    unflatten(op, out, o);
                    double sum = b == null ? 0 : b[f];
                    for (int ci = 0; ci < cg; ci++) {
                        int channel = f / mg * cg + ci;
                        for (int kt = 0; kt < kSize; kt++) {
                            unflatten(kt, k, t);
                            int pos = 0;
                            boolean inside = true;
                            for (int a = 0; a < rank; a++) {
                                int i = o[a] * s[a] - pads[a] + t[a] * d[a];
                                inside &= i >= 0 && i < in[a];
                                pos = pos * in[a] + i;
                            }
                            if (inside) {
                                sum += x[(n * c + channel) * inSize + pos] * w[(f * cg + ci) * kSize + kt];
                            }
                        }
                    }
                    y[(n * m + f) * outSize + op] = sum;
                }
            }
        }
        return y;
    }

    private static void unflatten(int flat, int[] dims, int[] idx) {
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
    }

    /**
     * Random geometries of spatial rank 1-3 (groups including depthwise, strides, dilations,
     * asymmetric pads, batch 1-3 and 24, bias or not) against the definition, to 1e-12 relative to the
     * sum of the products' magnitudes; and each batch element's output bit-identical to that
     * element convolved alone (alpha-CROWN stacks its rows as batch elements).
     */
    @Test
    void randomGeometriesMatchTheDefinitionAndBatchElementsAreIndependent() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 150; trial++) {
            int rank = 1 + trial % 3;
            int group = switch (rnd.nextInt(3)) {
                case 0 -> 1;
                case 1 -> 2;
                default -> 1 + rnd.nextInt(5);
            };
            boolean depthwise = rnd.nextInt(4) == 0;
            int c = depthwise ? group : group * (1 + rnd.nextInt(3));
            int m = group * (1 + rnd.nextInt(depthwise ? 2 : 6));
            // now and then enough elements that the kernel splits the batch into blocks
            int batch = trial % 25 == 0 ? 24 : 1 + rnd.nextInt(3);
            int[] s = new int[rank];
            int[] d = new int[rank];
            int[] k = new int[rank];
            int[] in = new int[rank];
            int[] pads = new int[2 * rank];
            for (int a = 0; a < rank; a++) {
                k[a] = 1 + rnd.nextInt(rank == 3 ? 3 : 5);
                s[a] = 1 + rnd.nextInt(3);
                d[a] = 1 + rnd.nextInt(2);
                pads[a] = rnd.nextInt(3);
                pads[rank + a] = rnd.nextInt(3);
                int extent = (k[a] - 1) * d[a] + 1;
                in[a] = Math.max(1, extent - pads[a] - pads[rank + a]) + rnd.nextInt(rank == 3 ? 5 : 12);
            }
            int[] xDims = new int[rank + 2];
            int[] wDims = new int[rank + 2];
            xDims[0] = batch;
            xDims[1] = c;
            wDims[0] = m;
            wDims[1] = c / group;
            System.arraycopy(in, 0, xDims, 2, rank);
            System.arraycopy(k, 0, wDims, 2, rank);
            Tensor x = random(rnd, xDims);
            Tensor w = random(rnd, wDims);
            Tensor b = rnd.nextBoolean() ? random(rnd, m) : null;
            Attributes a = attrs("group", group, "strides", ints(Arrays.stream(s).asLongStream().toArray()),
                "dilations", ints(Arrays.stream(d).asLongStream().toArray()), "pads", ints(Arrays.stream(pads).asLongStream().toArray()));
            Tensor y = b == null ? run1("Conv", a, x, w) : run1("Conv", a, x, w, b);
            String what = "x " + Arrays.toString(xDims) + " w " + Arrays.toString(wDims) + " group " + group + " strides "
                + Arrays.toString(s) + " dilations " + Arrays.toString(d) + " pads " + Arrays.toString(pads);
            double[] expected = referenceConv(xDims, wDims, group, s, d, pads, x.data(), w.data(), b == null ? null : b.data());
            double[] scale = referenceConv(xDims, wDims, group, s, d, pads, abs(x.data()), abs(w.data()), b == null ? null : abs(b.data()));
            assertEquals(expected.length, y.size(), what);
            double[] got = y.data();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 1e-12 * scale[i], what + " at " + i);
            }
            int unit = got.length / batch;
            for (int n = 0; n < batch; n++) {
                int[] one = xDims.clone();
                one[0] = 1;
                int xUnit = x.size() / batch;
                Tensor xn = Tensor.of(Shape.of(one), Arrays.copyOfRange(x.data(), n * xUnit, (n + 1) * xUnit));
                Tensor yn = b == null ? run1("Conv", a, xn, w) : run1("Conv", a, xn, w, b);
                assertArrayEquals(Arrays.copyOfRange(got, n * unit, (n + 1) * unit), yn.data(), 0, what + " element " + n);
            }
        }
    }

    private static double[] abs(double[] v) {
        return Arrays.stream(v).map(Math::abs).toArray();
    }

    @Test
    void oneDimensionalConvByHand() {
        // x = [1 2 3 4], w = [1 -1], pad 1 at the start only: y_i = x_{i-1} - x_i
        Tensor y = run1("Conv", attrs("pads", ints(1, 0)), t(dims(1, 1, 4), 1, 2, 3, 4), t(dims(1, 1, 2), 1, -1));
        assertTensor(y, dims(1, 1, 4), -1, -1, -1, -1);
    }

    @Test
    void autoPadSameAndValid() {
        Random rnd = new Random(2);
        Tensor x = random(rnd, 1, 2, 7, 7);
        Tensor w = random(rnd, 3, 2, 3, 4);
        // SAME with stride 2: output ceil(7/2) = 4 per axis; total pads 3*2+3-7 = 2 (rows), 3*2+4-7 = 3 (columns)
        Tensor upper = run1("Conv", attrs("auto_pad", "SAME_UPPER", "strides", ints(2, 2)), x, w);
        Case cu = new Case(1, 2, 7, 7, 3, 1, 3, 4, 2, 2, 1, 1, 1, 1, 1, 2);
        assertEquals(Shape.of(1, 3, 4, 4), upper.shape());
        assertArrayEquals(naiveConv(cu, x.data(), w.data(), null), upper.data(), 1e-12);
        Tensor lower = run1("Conv", attrs("auto_pad", "SAME_LOWER", "strides", ints(2, 2)), x, w);
        Case cl = new Case(1, 2, 7, 7, 3, 1, 3, 4, 2, 2, 1, 1, 1, 2, 1, 1);
        assertArrayEquals(naiveConv(cl, x.data(), w.data(), null), lower.data(), 1e-12);
        // VALID ignores pads
        Tensor valid = run1("Conv", attrs("auto_pad", "VALID", "pads", ints(5, 5, 5, 5)), x, w);
        Case cv = new Case(1, 2, 7, 7, 3, 1, 3, 4, 1, 1, 1, 1, 0, 0, 0, 0);
        assertEquals(Shape.of(1, 3, 5, 4), valid.shape());
        assertArrayEquals(naiveConv(cv, x.data(), w.data(), null), valid.data(), 1e-12);
    }

    @Test
    void convShapeInferenceAndErrors() {
        Tensor w = Tensor.zeros(DataType.FLOAT, Shape.of(8, 1, 3, 3));
        assertEquals(Shape.of(2, 8, 16, 16), inferShape("Conv", attrs("group", 8, "pads", ints(1, 1, 1, 1), "strides", ints(2, 2)),
            Shape.of(2, 8, 32, 32), w));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> inferShape("Conv", attrs("group", 2), Shape.of(1, 8, 32, 32), w));
        assertTrue(e.getMessage().contains("group"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> inferShape("Conv", attrs("group", 8, "kernel_shape", ints(5, 5)), Shape.of(1, 8, 32, 32), w));
        assertThrows(IllegalArgumentException.class, () -> inferShape("Conv", attrs("group", 8), Shape.of(1, 8, 2, 2), w));
    }

    @Test
    void convTransposeByHand() {
        // Each input scatters w = [1 1 1] at stride 2: [1 1 1 0 0] + [0 0 2 2 2]
        Tensor x = t(dims(1, 1, 2), 1, 2);
        Tensor w = t(dims(1, 1, 3), 1, 1, 1);
        assertTensor(run1("ConvTranspose", attrs("strides", ints(2)), x, w), dims(1, 1, 5), 1, 1, 3, 2, 2);
        assertTensor(run1("ConvTranspose", attrs("strides", ints(2), "pads", ints(1, 1)), x, w), dims(1, 1, 3), 1, 3, 2);
        assertTensor(run1("ConvTranspose", attrs("strides", ints(2), "output_padding", ints(1)), x, w, t(dims(1), 10)),
            dims(1, 1, 6), 11, 11, 13, 12, 12, 10);
        // full size 7; output_shape 5 crops one at each end, 8 asks for one more than the full size, which extends the end
        Tensor x3 = t(dims(1, 1, 3), 1, 2, 3);
        Tensor w3 = t(dims(1, 1, 3), 1, 10, 100);
        assertTensor(run1("ConvTranspose", attrs("strides", ints(2), "output_shape", ints(5)), x3, w3), dims(1, 1, 5),
            10, 102, 20, 203, 30);
        assertTensor(run1("ConvTranspose", attrs("strides", ints(2), "output_shape", ints(8)), x3, w3), dims(1, 1, 8),
            1, 10, 102, 20, 203, 30, 300, 0);
        assertThrows(IllegalArgumentException.class,
            () -> run1("ConvTranspose", attrs("strides", ints(2), "output_shape", ints(9)), x3, w3));
    }

    @Test
    void convTransposeIsTheAdjointOfConv() {
        adjointCheck(new Random(3), 1.0);
    }

    /**
     * Mostly-zero inputs take ConvTranspose's direct-scatter path, the others its four-channel
     * sweeps; the adjoint identity must hold on either and on a mix.
     */
    @Test
    void sparseConvTransposeIsTheAdjointOfConv() {
        adjointCheck(new Random(4), 0.05);
        adjointCheck(new Random(5), 0.0);
        // near the sparse path's threshold (1 in 8): channels of a group split between both paths
        adjointCheck(new Random(6), 0.12);
    }

    private void adjointCheck(Random rnd, double density) {
        for (Case k : CASES) {
            Tensor x = random(rnd, k.n, k.c, k.h, k.w);
            Tensor w = random(rnd, k.m, k.c / k.group, k.kh, k.kw);
            Tensor cx = run1("Conv", k.attributes(), x, w);
            double[] yd = random(rnd, cx.shape().dims()).data();
            for (int i = 0; i < yd.length; i++) {
                if (rnd.nextDouble() >= density) {
                    yd[i] = 0;
                }
            }
            if (density == 0) {
                yd[rnd.nextInt(yd.length)] = 1;
            }
            Tensor y = Tensor.of(cx.shape(), yd);
            // output_padding recovers the rows/columns that the conv's stride left unread
            int oph = (k.h + k.pt + k.pb - ((k.kh - 1) * k.dh + 1)) % k.sh;
            int opw = (k.w + k.pl + k.pr - ((k.kw - 1) * k.dw + 1)) % k.sw;
            Tensor ty = run1("ConvTranspose", k.attributes().with("output_padding", ints(oph, opw)), y, w);
            assertEquals(x.shape(), ty.shape(), k.toString());
            double lhs = dot(cx.data(), y.data());
            double rhs = dot(x.data(), ty.data());
            assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)), k.toString());
        }
    }

    @Test
    void convTransposeOutputShapeAndAutoPad() {
        Random rnd = new Random(4);
        Tensor x = random(rnd, 1, 2, 3, 3);
        Tensor w = random(rnd, 2, 3, 3, 3);
        // Full size 2*(3-1)+3 = 7; output_shape 6 means one pad, at the end unless SAME_UPPER says otherwise
        Tensor full = run1("ConvTranspose", attrs("strides", ints(2, 2)), x, w);
        assertEquals(Shape.of(1, 3, 7, 7), full.shape());
        Tensor six = run1("ConvTranspose", attrs("strides", ints(2, 2), "output_shape", ints(6, 6)), x, w);
        assertEquals(Shape.of(1, 3, 6, 6), six.shape());
        Tensor cropBegin = run1("ConvTranspose", attrs("strides", ints(2, 2), "pads", ints(1, 1, 0, 0)), x, w);
        assertArrayEquals(cropBegin.data(), six.data(), 0);
        Tensor upper = run1("ConvTranspose", attrs("strides", ints(2, 2), "auto_pad", "SAME_UPPER"), x, w);
        Tensor cropEnd = run1("ConvTranspose", attrs("strides", ints(2, 2), "pads", ints(0, 0, 1, 1)), x, w);
        assertEquals(Shape.of(1, 3, 6, 6), upper.shape());
        assertArrayEquals(cropEnd.data(), upper.data(), 0);
        assertEquals(Shape.of(1, 3, 6, 6), inferShape("ConvTranspose",
            attrs("strides", ints(2, 2), "output_shape", ints(1, 3, 6, 6)), Shape.of(1, 2, 3, 3), w));
    }

    @Test
    void groupedConvTransposeMatchesPerGroupTransposes() {
        Random rnd = new Random(5);
        Tensor x = random(rnd, 1, 4, 3, 3);
        Tensor w = random(rnd, 4, 1, 2, 2);   // group 2: input channels 0-1 -> output 0, 2-3 -> output 1
        Tensor y = run1("ConvTranspose", attrs("group", 2, "strides", ints(2, 2)), x, w);
        assertEquals(Shape.of(1, 2, 6, 6), y.shape());
        for (int g = 0; g < 2; g++) {
            Tensor xg = Tensor.of(Shape.of(1, 2, 3, 3), Arrays.copyOfRange(x.data(), g * 18, g * 18 + 18));
            Tensor wg = Tensor.of(Shape.of(2, 1, 2, 2), Arrays.copyOfRange(w.data(), g * 8, g * 8 + 8));
            Tensor yg = run1("ConvTranspose", attrs("strides", ints(2, 2)), xg, wg);
            assertArrayEquals(yg.data(), Arrays.copyOfRange(y.data(), g * 36, g * 36 + 36), 1e-12);
        }
    }
}
