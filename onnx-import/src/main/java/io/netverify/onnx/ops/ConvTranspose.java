package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX ConvTranspose: {@code X[N, C, D...]}, weights {@code W[C, M/group, k...]}, optional bias
 * {@code B[M]}; groups, strides, dilations, pads, output_padding, output_shape and auto_pad. Each
 * input element is scattered through the kernel: the exact adjoint of {@link Conv} with the same
 * geometry, which is how the taps table of {@link Window} is reused (roles of input and output swapped).
 */
public final class ConvTranspose implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Geometry g = geometry(node, inputs.get(0).shape(), inputs.get(1).shape(),
            inputs.size() > 2 && inputs.get(2) != null ? inputs.get(2).shape() : null);
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), g.outputShape()));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Tensor w = inputs.get(1);
        Tensor b = inputs.size() > 2 ? inputs.get(2) : null;
        Geometry g = geometry(node, x.shape(), w.shape(), b == null ? null : b.shape());
        // The window runs over this operator's output ("in" of the adjoint conv) at its input's positions.
        int outSize = g.window.inSize();
        int inSize = g.window.outSize();
        int kSize = g.window.kernelSize();
        int[] taps = g.window.taps();
        int cPerGroup = g.inChannels / g.groups;
        int mPerGroup = g.outChannels / g.groups;
        double[] xd = x.backingArray();
        double[] wd = w.backingArray();
        double[] y = new double[g.batch * g.outChannels * outSize];
        // Per group: columns[(m, k)][p] = sum_c W[c, m, k] x[c, p] (branch-free, four channels per
        // sweep), then each column entry is scattered to the output position that tap k of input
        // position p reaches. Columns are separate arrays and x's channels are copied out, so the
        // inner loop indexes all by p alone, which HotSpot vectorises (at an offset into one flat
        // array it does not).
        double[][] columns = new double[mPerGroup * kSize][inSize];
        double[][] channels = new double[CHANNELS_PER_SWEEP][inSize];
        int[] dense = new int[CHANNELS_PER_SWEEP];
        for (int n = 0; n < g.batch; n++) {
            for (int group = 0; group < g.groups; group++) {
                for (double[] column : columns) {
                    Arrays.fill(column, 0);
                }
                int pending = 0;
                for (int c = 0; c < cPerGroup; c++) {
                    int ci = group * cPerGroup + c;
                    int xBase = (n * g.inChannels + ci) * inSize;
                    int wBase = ci * mPerGroup * kSize;
                    int nonZero = nonZero(xd, xBase, inSize);
                    if (nonZero * SPARSE_RATIO < inSize) {
                        // few non-zero inputs (bound propagation runs this on mostly-zero coefficient
                        // rows): scatter them straight to the output instead of forming columns
                        for (int q = 0; q < inSize && nonZero > 0; q++) {
                            double xv = xd[xBase + q];
                            if (xv == 0) {
                                continue;
                            }
                            nonZero--;
                            for (int mm = 0; mm < mPerGroup; mm++) {
                                int yBase = (n * g.outChannels + group * mPerGroup + mm) * outSize;
                                for (int k = 0; k < kSize; k++) {
                                    int j = taps[k * inSize + q];
                                    if (j >= 0) {
                                        y[yBase + j] += wd[wBase + mm * kSize + k] * xv;
                                    }
                                }
                            }
                        }
                        continue;
                    }
                    System.arraycopy(xd, xBase, channels[pending], 0, inSize);
                    dense[pending++] = wBase;
                    if (pending == CHANNELS_PER_SWEEP) {
                        addChannels(wd, dense, channels, pending, columns);
                        pending = 0;
                    }
                }
                addChannels(wd, dense, channels, pending, columns);
                for (int mm = 0; mm < mPerGroup; mm++) {
                    int yBase = (n * g.outChannels + group * mPerGroup + mm) * outSize;
                    for (int k = 0; k < kSize; k++) {
                        double[] column = columns[mm * kSize + k];
                        for (int p = 0; p < inSize; p++) {
                            int j = taps[k * inSize + p];
                            if (j >= 0) {
                                y[yBase + j] += column[p];
                            }
                        }
                    }
                }
            }
            if (b != null) {
                for (int m = 0; m < g.outChannels; m++) {
                    int yBase = (n * g.outChannels + m) * outSize;
                    double bias = b.get(m);
                    for (int p = 0; p < outSize; p++) {
                        y[yBase + p] += bias;
                    }
                }
            }
        }
        return List.of(new Tensor(x.type(), g.outputShape(), y));
    }

    private record Geometry(int batch, int inChannels, int outChannels, int groups, Window window) {
        Shape outputShape() {
            return Window.batchChannelShape(batch, outChannels, window.in());
        }
    }

    private static Geometry geometry(Node node, Shape x, Shape w, Shape bias) {
        int rank = x.rank();
        if (rank < 3 || w.rank() != rank) {
            throw new IllegalArgumentException("ConvTranspose needs X of rank >= 3 and W of the same rank, got X " + x
                + " and W " + w);
        }
        Attributes a = node.attributes();
        int groups = Window.intValue(a.getInt("group", 1), "group");
        int inChannels = x.dim(1);
        if (groups < 1 || w.dim(0) != inChannels || inChannels % groups != 0) {
            throw new IllegalArgumentException("X " + x + " and W " + w + " do not fit group=" + groups);
        }
        int outChannels = w.dim(1) * groups;
        if (bias != null && !(bias.rank() == 1 && bias.dim(0) == outChannels)) {
            throw new IllegalArgumentException("bias " + bias + " must have shape [" + outChannels + "]");
        }
        int n = rank - 2;
        int[] kernel = Arrays.copyOfRange(w.dims(), 2, rank);
        Conv.checkKernelShape(node, kernel);
        int[] in = Arrays.copyOfRange(x.dims(), 2, rank);
        int[] strides = Window.spatialInts(a, "strides", n, 1);
        int[] dilations = Window.spatialInts(a, "dilations", n, 1);
        int[] outputPadding = Window.spatialInts(a, "output_padding", n, 0);
        int[] pads = Window.spatialInts(a, "pads", 2 * n, 0);
        int[] begin = Arrays.copyOfRange(pads, 0, n);
        int[] end = Arrays.copyOfRange(pads, n, 2 * n);
        int[] requested = requestedOutput(a, n);
        String autoPad = Window.autoPad(a);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1 || outputPadding[i] < 0
                || (outputPadding[i] >= strides[i] && outputPadding[i] >= dilations[i])) {
                throw new IllegalArgumentException("invalid kernel " + Arrays.toString(kernel) + ", strides "
                    + Arrays.toString(strides) + ", dilations " + Arrays.toString(dilations) + " or output_padding "
                    + Arrays.toString(outputPadding));
            }
            int full = strides[i] * (in[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
            if (requested != null || autoPad.startsWith("SAME")) {
                // Padding derived from the wanted size, split as the ONNX text says; a size beyond the
                // full output (by less than a stride, as onnxruntime checks) extends it at the end.
                out[i] = requested != null ? requested[i] : in[i] * strides[i];
                int total = full - out[i];
                if (total < 0 && -total >= strides[i] - outputPadding[i]) {
                    throw new IllegalArgumentException("output size " + out[i] + " on spatial axis " + i
                        + " is inconsistent with an input of " + in[i]);
                }
                begin[i] = total < 0 ? 0 : autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                end[i] = total - begin[i];
            } else if (autoPad.equals("VALID")) {
                begin[i] = 0;
                end[i] = 0;
                out[i] = full;
            } else {
                if (begin[i] < 0 || end[i] < 0) {
                    throw new IllegalArgumentException("negative pads " + Arrays.toString(pads));
                }
                out[i] = full - begin[i] - end[i];
            }
            if (out[i] < 1) {
                throw new IllegalArgumentException("output size " + out[i] + " on spatial axis " + i + " is not positive");
            }
        }
        Window window = new Window(out, in, kernel, strides, dilations, begin, end);
        return new Geometry(x.dim(0), inChannels, outChannels, groups, window);
    }

    /** The output_shape attribute's spatial part (it may also list N and C), or null. */
    private static int[] requestedOutput(Attributes a, int n) {
        long[] s = a.getInts("output_shape", null);
        if (s == null || s.length == 0) {
            return null;
        }
        if (s.length != n && s.length != n + 2) {
            throw new IllegalArgumentException("output_shape " + Arrays.toString(s) + " must list " + n + " spatial sizes");
        }
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = Window.intValue(s[s.length - n + i], "output_shape");
        }
        return r;
    }

    /** Dense input channels per multiply-add sweep (one load and store of a column per four products). */
    private static final int CHANNELS_PER_SWEEP = 4;

    /**
     * {@code columns[r][p] += sum_i W[channel i, r] channels[i][p]} for the first {@code count}
     * buffered channels (weights of channel i from {@code wBase[i]}), four per sweep when there are.
     */
    private static void addChannels(double[] w, int[] wBase, double[][] channels, int count, double[][] columns) {
        for (int r = 0; r < columns.length; r++) {
            double[] column = columns[r];
            if (count == CHANNELS_PER_SWEEP) {
                double w0 = w[wBase[0] + r];
                double w1 = w[wBase[1] + r];
                double w2 = w[wBase[2] + r];
                double w3 = w[wBase[3] + r];
                double[] a0 = channels[0];
                double[] a1 = channels[1];
                double[] a2 = channels[2];
                double[] a3 = channels[3];
                for (int p = 0; p < column.length; p++) {
                    column[p] += w0 * a0[p] + w1 * a1[p] + w2 * a2[p] + w3 * a3[p];
                }
            } else {
                for (int i = 0; i < count; i++) {
                    double wr = w[wBase[i] + r];
                    double[] a = channels[i];
                    for (int p = 0; p < column.length; p++) {
                        column[p] += wr * a[p];
                    }
                }
            }
        }
    }

    /** Channels with fewer than 1 / SPARSE_RATIO non-zero inputs are scattered directly. */
    private static final int SPARSE_RATIO = 8;

    private static int nonZero(double[] v, int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; i++) {
            n += v[i] != 0 ? 1 : 0;
        }
        return n;
    }
}
