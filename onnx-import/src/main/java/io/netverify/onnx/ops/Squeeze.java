package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * ONNX Squeeze: removes the listed axes, which must have size 1 (attribute 'axes' before opset 13,
 * optional input from 13); without axes, every axis of size 1.
 */
public final class Squeeze implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape out = outputShape(node, inputs.get(0).shape(), StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), out));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        return List.of(x.reshape(outputShape(node, x.shape(), StaticInputs.values(inputs))));
    }

    private static Shape outputShape(Node node, Shape x, IntFunction<Tensor> input) {
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
