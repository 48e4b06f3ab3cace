package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Where(condition, x, y) with a constant condition: routing, so each element's G goes back to the
 * element of x or y it was selected from (summed over broadcast copies). See {@link CopyGradient}.
 */
public final class WhereGradient extends CopyGradient {
    @Override
    public void backward(Node node, List<String> outputGradients, JacobianBuilder builder) {
        builder.requireConstant(node, 0);
        super.backward(node, outputGradients, builder);
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        builder.requireConstant(node, 0);
        return super.gain(node, builder, norm);
    }
}
