package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Base of the resampling operators (Resize, Upsample): inference and evaluation share the
 * {@link Interpolation} planned from attributes and constant inputs.
 */
abstract class Interpolating implements Operator {
    /** The interpolation for input shape x; {@code input} gives the node's (constant) inputs by index. */
    protected abstract Interpolation plan(Node node, Shape x, IntFunction<Tensor> input);

    @Override
    public final List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Interpolation plan = plan(node, inputs.get(0).shape(), StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), plan.outputShape()));
    }

    @Override
    public final List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        return List.of(plan(node, x.shape(), StaticInputs.values(inputs)).apply(x));
    }
}
