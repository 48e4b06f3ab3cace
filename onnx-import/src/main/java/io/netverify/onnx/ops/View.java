package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.function.IntFunction;

/** Project operator View: the same elements in the static shape given by the ints attribute {@code shape}. */
public final class View extends ShapeChange {
    @Override
    protected Shape outputShape(Node node, Shape x, IntFunction<Tensor> input) {
        long[] dims = node.attributes().getInts("shape", null);
        if (dims == null) {
            throw new IllegalArgumentException("missing attribute shape");
        }
        Shape out = Shape.of(dims);
        if (out.size() != x.size()) {
            throw new IllegalArgumentException("cannot view " + x + " as " + out);
        }
        return out;
    }
}
