package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * ONNX Flatten: [d0 ... d(axis-1), d(axis) ...] to the matrix [prod(before axis), prod(from axis)];
 * axis in [-r, r], default 1.
 */
public final class Flatten extends ShapeChange {
    @Override
    protected Shape outputShape(Node node, Shape x, IntFunction<Tensor> input) {
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
