package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * ONNX AveragePool: kernel_shape, strides, pads, auto_pad, dilations (opset 19), ceil_mode and
 * count_include_pad. The divisor counts the input cells of the window, or with count_include_pad
 * the cells inside the padded input (a ceil_mode window reaching past the end padding is not
 * charged for the part outside it).
 */
public final class AveragePool implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape x = inputs.get(0).shape();
        Shape y = MaxPool.outputShape(x, Window.ofPool(node.attributes(), x));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), y));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Window window = Window.ofPool(node.attributes(), x.shape());
        int inSize = window.inSize();
        int outSize = window.outSize();
        int kSize = window.kernelSize();
        int[] taps = window.taps();
        int[] divisor = windows(node, x.shape()).divisors();
        int planes = x.shape().dim(0) * x.shape().dim(1);
        double[] xd = x.backingArray();
        double[] y = new double[planes * outSize];
        for (int plane = 0; plane < planes; plane++) {
            int xBase = plane * inSize;
            int yBase = plane * outSize;
            for (int k = 0; k < kSize; k++) {
                int t = k * outSize;
                for (int p = 0; p < outSize; p++) {
                    int j = taps[t + p];
                    if (j >= 0) {
                        y[yBase + p] += xd[xBase + j];
                    }
                }
            }
            for (int p = 0; p < outSize; p++) {
                y[yBase + p] /= divisor[p];
            }
        }
        return List.of(new Tensor(x.type(), MaxPool.outputShape(x.shape(), window), y));
    }

    /**
     * The windows of the pool over an input of shape x, per output position p of a channel:
     * {@code cells[p]} the flat spatial indices of the input cells it sums (padding excluded), and
     * {@code divisors[p]} what the sum is divided by. For adjoints (the gradient of the input).
     */
    public record Windows(int[][] cells, int[] divisors) {
    }

    /** The windows of the pool {@code node} over x; see {@link Windows}. */
    public static Windows windows(Node node, Shape x) {
        Window window = Window.ofPool(node.attributes(), x);
        int[][] cells = window.cells();
        int[] divisor = new int[cells.length];
        if (node.attributes().getInt("count_include_pad", 0) != 0) {
            divisor = window.tapsWithinPadding();
        } else {
            for (int p = 0; p < cells.length; p++) {
                divisor[p] = cells[p].length;
            }
        }
        return new Windows(cells, divisor);
    }
}
