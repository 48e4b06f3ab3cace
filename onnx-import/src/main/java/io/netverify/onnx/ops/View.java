package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/** Project operator View: the same elements in the static shape given by the ints attribute {@code shape}. */
public final class View implements Operator {
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
