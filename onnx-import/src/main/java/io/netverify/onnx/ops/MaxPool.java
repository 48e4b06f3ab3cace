package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX MaxPool: kernel_shape, strides, pads, auto_pad, dilations, ceil_mode; padded cells never
 * win. The optional second output holds the flat input index of each maximum (first one in
 * window order; row- or column-major spatial index as storage_order says).
 */
public final class MaxPool implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape x = inputs.get(0).shape();
        Shape y = outputShape(x, Window.ofPool(node.attributes(), x));
        List<ValueInfo> out = new ArrayList<>();
        out.add(new ValueInfo(node.output(), inputs.get(0).type(), y));
        if (wantsIndices(node)) {
            out.add(new ValueInfo(node.outputs().get(1), DataType.INT64, y));
        }
        return out;
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Window window = Window.ofPool(node.attributes(), x.shape());
        int inSize = window.inSize();
        int outSize = window.outSize();
        int kSize = window.kernelSize();
        int[] taps = window.taps();
        int planes = x.shape().dim(0) * x.shape().dim(1);
        double[] xd = x.backingArray();
        double[] y = new double[planes * outSize];
        int[] arg = new int[planes * outSize];
        Arrays.fill(y, Double.NEGATIVE_INFINITY);
        Arrays.fill(arg, -1);
        for (int plane = 0; plane < planes; plane++) {
            int xBase = plane * inSize;
            int yBase = plane * outSize;
            for (int k = 0; k < kSize; k++) {
                int t = k * outSize;
                for (int p = 0; p < outSize; p++) {
                    int j = taps[t + p];
                    // Strictly greater: the first maximum wins, NaN never does.
                    if (j >= 0 && xd[xBase + j] > y[yBase + p]) {
                        y[yBase + p] = xd[xBase + j];
                        arg[yBase + p] = j;
                    }
                }
            }
        }
        Shape shape = outputShape(x.shape(), window);
        List<Tensor> out = new ArrayList<>();
        out.add(new Tensor(x.type(), shape, y));
        if (wantsIndices(node)) {
            out.add(new Tensor(DataType.INT64, shape, indices(arg, outSize, inSize, window.in(),
                node.attributes().getInt("storage_order", 0) != 0)));
        }
        return out;
    }

    /**
     * Per output position of a plane, the flat spatial indices of the input cells its window covers
     * (padding left out), in the order MaxPool reads them: for the pool's gradient.
     */
    public static int[][] windows(Node node, Shape x) {
        return Window.ofPool(node.attributes(), x).cells();
    }

    private static boolean wantsIndices(Node node) {
        return node.outputs().size() > 1 && !node.outputs().get(1).isEmpty();
    }

    /** The output shape [N, C, out...] of a pool (max or average) with {@code window} over x [N, C, D...]. */
    static Shape outputShape(Shape x, Window window) {
        return Window.batchChannelShape(x.dim(0), x.dim(1), window.out());
    }

    /** Flat indices into the whole input tensor; column-major storage reverses the spatial axes' strides. */
    private static double[] indices(int[] arg, int outSize, int inSize, int[] in, boolean columnMajor) {
        int[] rowStrides = Shape.of(in).strides();
        int[] colStrides = new int[in.length];
        int acc = 1;
        for (int a = 0; a < in.length; a++) {
            colStrides[a] = acc;
            acc *= in[a];
        }
        double[] r = new double[arg.length];
        for (int i = 0; i < arg.length; i++) {
            int j = arg[i];
            if (j < 0) {
                r[i] = -1;
                continue;
            }
            int spatial = j;
            if (columnMajor) {
                spatial = 0;
                for (int a = 0; a < in.length; a++) {
                    spatial += (j / rowStrides[a]) % in[a] * colStrides[a];
                }
            }
            r[i] = (double) (i / outSize) * inSize + spatial;
        }
        return r;
    }
}
