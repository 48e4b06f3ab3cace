package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Sub(a, b): G to a, -G to b. */
public final class SubGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        AddGradient.passThrough(node, outputGradient, builder, true);
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return 1;
    }
}
