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
        double[] xd = x.backingArray();
        double[] wd = w.backingArray();
        double[] y = new double[g.batch * g.outChannels * outSize];
        // The group's input patches as rows (channel, tap) of a matrix with one column per output
        // position, zeros for padding: the inner loop is then a branch-free axpy.
        double[] patches = new double[cPerGroup * kSize * outSize];
        for (int n = 0; n < g.batch; n++) {
            for (int group = 0; group < g.groups; group++) {
                for (int c = 0; c < cPerGroup; c++) {
                    int xBase = (n * g.inChannels + group * cPerGroup + c) * inSize;
                    for (int k = 0; k < kSize; k++) {
                        int row = (c * kSize + k) * outSize;
                        for (int p = 0; p < outSize; p++) {
                            int j = taps[k * outSize + p];
                            patches[row + p] = j >= 0 ? xd[xBase + j] : 0;
                        }
                    }
                }
                for (int m = group * mPerGroup; m < (group + 1) * mPerGroup; m++) {
                    int yBase = (n * g.outChannels + m) * outSize;
                    int wBase = m * cPerGroup * kSize;
                    for (int r = 0; r < cPerGroup * kSize; r++) {
                        double wr = wd[wBase + r];
                        int row = r * outSize;
                        for (int p = 0; p < outSize; p++) {
                            y[yBase + p] += wr * patches[row + p];
                        }
                    }
                    if (b != null) {
                        double bias = b.get(m);
                        for (int p = 0; p < outSize; p++) {
                            y[yBase + p] += bias;
                        }
                    }
                }
            }
        }
        return List.of(new Tensor(x.type(), g.outputShape(), y));
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
