package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * ONNX Squeeze: removes the listed axes, which must have size 1 (attribute 'axes' before opset 13,
 * optional input from 13); without axes, every axis of size 1.
 */
public final class Squeeze extends ShapeChange {
    @Override
    protected Shape outputShape(Node node, Shape x, IntFunction<Tensor> input) {
        long[] axes = node.attributes().has("axes") ? node.attributes().getInts("axes", null)
            : StaticInputs.longsOrNull(input, 1);
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
            for (int a = 0; a < x.rank(); a++) {
                drop[a] = x.dim(a) == 1;
            }
        } else {
            for (long axis : axes) {
                int a = x.axis(axis);
                if (x.dim(a) != 1 || drop[a]) {
                    throw new IllegalArgumentException("cannot squeeze axis " + axis + " of " + x);
                }
                drop[a] = true;
            }
        }
        return Shape.of(IntStream.range(0, x.rank()).filter(a -> !drop[a]).map(x::dim).toArray());
    }
}
