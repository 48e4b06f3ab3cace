package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * ONNX Split along {@code axis} (default 0) into one part per output. Part sizes come from the
 * 'split' attribute (opset < 13) or input (opset 13+); otherwise the axis is split evenly, or with
 * num_outputs (opset 18) into parts of ceil(d / n) with a smaller last part.
 */
public final class Split implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape x = inputs.get(0).shape();
        int axis = x.axis(node.attributes().getInt("axis", 0));
        int[] sizes = sizes(node, x.dim(axis), StaticInputs.constants(node, inputs, constants));
        List<ValueInfo> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            out.add(new ValueInfo(node.outputs().get(i), inputs.get(0).type(), part(x, axis, sizes[i])));
        }
        return out;
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        int[] dims = x.shape().dims();
        int axis = x.shape().axis(node.attributes().getInt("axis", 0));
        int[] sizes = sizes(node, dims[axis], StaticInputs.values(inputs));
        int outer = Shape.of(Arrays.copyOfRange(dims, 0, axis)).size();
        int inner = Shape.of(Arrays.copyOfRange(dims, axis + 1, dims.length)).size();
        List<Tensor> out = new ArrayList<>();
        int offset = 0;
        for (int size : sizes) {
            int block = size * inner;
            double[] y = new double[outer * block];
            for (int o = 0; o < outer; o++) {
                System.arraycopy(x.backingArray(), o * dims[axis] * inner + offset, y, o * block, block);
            }
            out.add(new Tensor(x.type(), part(x.shape(), axis, size), y));
            offset += block;
        }
        return out;
    }

    private static Shape part(Shape x, int axis, int size) {
        int[] d = x.dims();
        d[axis] = size;
        return Shape.of(d);
    }

    private static int[] sizes(Node node, int d, IntFunction<Tensor> input) {
        int n = node.outputs().size();
        long[] split = node.attributes().has("split") ? node.attributes().getInts("split", null)
            : StaticInputs.longsOrNull(input, 1);
        int[] sizes = new int[n];
        if (split != null) {
            long total = 0;
            for (long s : split) {
                total += s;
            }
            if (split.length != n || total != d || Arrays.stream(split).anyMatch(s -> s < 0)) {
                throw new IllegalArgumentException("split " + Arrays.toString(split) + " does not divide a dimension of "
                    + d + " into " + n + " outputs");
            }
            for (int i = 0; i < n; i++) {
                sizes[i] = (int) split[i];
            }
            return sizes;
        }
        if (node.attributes().has("num_outputs")) {
            if (node.attributes().getInt("num_outputs", 0) != n) {
                throw new IllegalArgumentException("num_outputs " + node.attributes().getInt("num_outputs", 0)
                    + " differs from the " + n + " outputs of the node");
            }
            int chunk = (d + n - 1) / n;
            if (chunk * (n - 1) > d) {
                throw new IllegalArgumentException("cannot split a dimension of " + d + " into " + n + " parts of " + chunk);
            }
            Arrays.fill(sizes, chunk);
            sizes[n - 1] = d - chunk * (n - 1);
            return sizes;
        }
        if (d % n != 0) {
            throw new IllegalArgumentException("a dimension of " + d + " does not split evenly into " + n + " outputs");
        }
        Arrays.fill(sizes, d / n);
        return sizes;
    }
}
