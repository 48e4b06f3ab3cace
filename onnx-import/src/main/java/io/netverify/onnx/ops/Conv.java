package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX Conv: {@code X[N, C, D...]} with weights {@code W[M, C/group, k...]} and optional bias
 * {@code B[M]}, any number of spatial axes, groups (depthwise included), strides, dilations, pads
 * and auto_pad.
 */
public final class Conv implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Geometry g = geometry(node, inputs.get(0).shape(), inputs.get(1).shape(),
            inputs.size() > 2 && inputs.get(2) != null ? inputs.get(2).shape() : null);
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), g.outputShape()));
    }

    /** Output positions (over the batch elements of a block) per patch row: small enough to stay in cache. */
    private static final int BLOCK_COLUMNS = 2048;
    /** Patch rows per multiply-add sweep (one load and store of the accumulator per four products). */
    private static final int ROWS_PER_SWEEP = 4;

    /**
     * Per group and block of batch elements, the input patches become rows {@code (channel, tap)}
     * of a matrix with one column per output position (of every element of the block), and each
     * filter's output is the weighted sum of those rows, four rows per sweep. Rows and accumulator
     * are separate arrays indexed from 0, so the sweep reads and writes at one index, which HotSpot
     * vectorises. Every output element sums its products in the same order whatever the batch
     * size, so a batch element's output does not depend on the others (alpha-CROWN's stacked rows
     * rely on it); the order differs from the textbook loop's only by reassociation.
     */
    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Tensor w = inputs.get(1);
        Tensor b = inputs.size() > 2 ? inputs.get(2) : null;
        Geometry g = geometry(node, x.shape(), w.shape(), b == null ? null : b.shape());
        int inSize = g.window.inSize();
        int outSize = g.window.outSize();
        int kSize = g.window.kernelSize();
        int[] taps = g.window.taps();
        int mPerGroup = g.outChannels / g.groups;
        int cPerGroup = g.inChannels / g.groups;
        int rows = cPerGroup * kSize;
        double[] xd = x.backingArray();
        double[] wd = w.backingArray();
        double[] y = new double[g.batch * g.outChannels * outSize];
        int perBlock = Math.max(1, Math.min(g.batch, BLOCK_COLUMNS / outSize));
        double[][] patches = new double[rows][perBlock * outSize];
        double[] acc = new double[perBlock * outSize];
        // one channel of one element behind a zero: taps' -1 (padding) reads the zero, branch-free
        double[] plane = new double[inSize + 1];
        for (int n0 = 0; n0 < g.batch; n0 += perBlock) {
            int elements = Math.min(perBlock, g.batch - n0);
            int columns = elements * outSize;
            for (int group = 0; group < g.groups; group++) {
                for (int e = 0; e < elements; e++) {
                    for (int c = 0; c < cPerGroup; c++) {
                        System.arraycopy(xd, ((n0 + e) * g.inChannels + group * cPerGroup + c) * inSize, plane, 1, inSize);
                        for (int k = 0; k < kSize; k++) {
                            double[] row = patches[c * kSize + k];
                            int tap = k * outSize;
                            int col = e * outSize;
                            for (int p = 0; p < outSize; p++) {
                                row[col + p] = plane[taps[tap + p] + 1];
                            }
                        }
                    }
                }
                for (int m = group * mPerGroup; m < (group + 1) * mPerGroup; m++) {
                    Arrays.fill(acc, 0, columns, 0);
                    multiplyAdd(wd, m * rows, rows, patches, acc, columns);
                    double bias = b == null ? 0 : b.get(m);
                    for (int e = 0; e < elements; e++) {
                        int yBase = ((n0 + e) * g.outChannels + m) * outSize;
                        int col = e * outSize;
                        for (int p = 0; p < outSize; p++) {
                            y[yBase + p] = acc[col + p] + bias;
                        }
                    }
                }
            }
        }
        return List.of(new Tensor(x.type(), g.outputShape(), y));
    }

    /** {@code acc[j] += sum_r w[from + r] patches[r][j]} for j below {@code columns}, four rows r per sweep. */
    private static void multiplyAdd(double[] w, int from, int rows, double[][] patches, double[] acc, int columns) {
        int r = 0;
        for (; r + ROWS_PER_SWEEP <= rows; r += ROWS_PER_SWEEP) {
            double w0 = w[from + r];
            double w1 = w[from + r + 1];
            double w2 = w[from + r + 2];
            double w3 = w[from + r + 3];
            double[] a0 = patches[r];
            double[] a1 = patches[r + 1];
            double[] a2 = patches[r + 2];
            double[] a3 = patches[r + 3];
            for (int j = 0; j < columns; j++) {
                acc[j] += w0 * a0[j] + w1 * a1[j] + w2 * a2[j] + w3 * a3[j];
            }
        }
        for (; r < rows; r++) {
            double w0 = w[from + r];
            double[] a0 = patches[r];
            for (int j = 0; j < columns; j++) {
                acc[j] += w0 * a0[j];
            }
        }
    }

    private record Geometry(int batch, int inChannels, int outChannels, int groups, Window window) {
        Shape outputShape() {
            return Window.batchChannelShape(batch, outChannels, window.out());
        }
    }

    private static Geometry geometry(Node node, Shape x, Shape w, Shape bias) {
        int rank = x.rank();
        if (rank < 3 || w.rank() != rank) {
            throw new IllegalArgumentException("Conv needs X of rank >= 3 and W of the same rank, got X " + x + " and W " + w);
        }
        int groups = Window.intValue(node.attributes().getInt("group", 1), "group");
        int inChannels = x.dim(1);
        int outChannels = w.dim(0);
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0 || w.dim(1) * groups != inChannels) {
            throw new IllegalArgumentException("X " + x + " and W " + w + " do not fit group=" + groups);
        }
        if (bias != null && !(bias.rank() == 1 && bias.dim(0) == outChannels)) {
            throw new IllegalArgumentException("bias " + bias + " must have shape [" + outChannels + "]");
        }
        int[] kernel = Arrays.copyOfRange(w.dims(), 2, rank);
        checkKernelShape(node, kernel);
        int[] in = Arrays.copyOfRange(x.dims(), 2, rank);
        return new Geometry(x.dim(0), inChannels, outChannels, groups, Window.of(node.attributes(), in, kernel, false));
    }

    /** kernel_shape is optional for Conv/ConvTranspose; when given it must agree with the weights. */
    static void checkKernelShape(Node node, int[] kernel) {
        long[] ks = node.attributes().getInts("kernel_shape", null);
        if (ks != null && !Arrays.equals(ks, Arrays.stream(kernel).asLongStream().toArray())) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(ks) + " does not match weights' spatial shape "
                + Arrays.toString(kernel));
        }
    }
}
