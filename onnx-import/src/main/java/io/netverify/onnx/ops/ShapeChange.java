package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Base of operators that keep the data and only change the shape, computed from attributes and
 * constant inputs (Reshape, Squeeze, Unsqueeze, Flatten, View): inference and evaluation share that
 * computation.
 */
abstract class ShapeChange implements Operator {
    /** The output shape for input shape x; {@code input} gives the node's (constant) inputs by index. */
    protected abstract Shape outputShape(Node node, Shape x, IntFunction<Tensor> input);

    @Override
    public final List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape out = outputShape(node, inputs.get(0).shape(), StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), out));
    }

    @Override
    public final List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        return List.of(x.reshape(outputShape(node, x.shape(), StaticInputs.values(inputs))));
    }
}
