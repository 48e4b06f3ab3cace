package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX Flatten: [d0 ... d(axis-1), d(axis) ...] to the matrix [prod(before axis), prod(from axis)];
 * axis in [-r, r], default 1.
 */
public final class Flatten implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), outputShape(node, inputs.get(0).shape())));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        return List.of(x.reshape(outputShape(node, x.shape())));
    }

    private static Shape outputShape(Node node, Shape x) {
        long axis = node.attributes().getInt("axis", 1);
        int r = x.rank();
        if (axis < -r || axis > r) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + r);
        }
        int a = (int) (axis < 0 ? axis + r : axis);
        int[] dims = x.dims();
        return Shape.of(Shape.of(Arrays.copyOfRange(dims, 0, a)).size(), Shape.of(Arrays.copyOfRange(dims, a, r)).size());
    }
}
