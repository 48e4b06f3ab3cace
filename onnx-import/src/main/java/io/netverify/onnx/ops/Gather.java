package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX Gather: picks entries of {@code data} along {@code axis} (default 0) by an integer index
 * tensor of any shape (negative indices count from the end). Output shape:
 * data[:axis] + indices + data[axis+1:].
 */
public final class Gather implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape data = inputs.get(0).shape();
        Shape out = outputShape(data, data.axis(node.attributes().getInt("axis", 0)), inputs.get(1).shape());
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), out));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor data = inputs.get(0);
        Tensor indices = inputs.get(1);
        int[] dims = data.shape().dims();
        int axis = data.shape().axis(node.attributes().getInt("axis", 0));
        int d = dims[axis];
        int[] picks = new int[indices.size()];
        for (int i = 0; i < picks.length; i++) {
            double v = indices.get(i);
            long k = (long) v < 0 ? (long) v + d : (long) v;
            if (v != Math.rint(v) || k < 0 || k >= d) {
                throw new IllegalArgumentException("index " + v + " out of range for axis " + axis + " of size " + d);
            }
            picks[i] = (int) k;
        }
        // Viewed as [outer, d, inner], only the middle axis is remapped.
        int outer = Shape.of(Arrays.copyOfRange(dims, 0, axis)).size();
        int inner = Shape.of(Arrays.copyOfRange(dims, axis + 1, dims.length)).size();
        int[][] maps = {IndexCopy.identity(outer), picks, IndexCopy.identity(inner)};
        double[] y = IndexCopy.byAxisMaps(Shape.of(outer, d, inner), data.backingArray(), maps, 0);
        return List.of(new Tensor(data.type(), outputShape(data.shape(), axis, indices.shape()), y));
    }

    private static Shape outputShape(Shape data, int axis, Shape indices) {
        int[] d = data.dims();
        int[] idx = indices.dims();
        int[] out = new int[d.length - 1 + idx.length];
        System.arraycopy(d, 0, out, 0, axis);
        System.arraycopy(idx, 0, out, axis, idx.length);
        System.arraycopy(d, axis + 1, out, axis + idx.length, d.length - axis - 1);
        return Shape.of(out);
    }
}
