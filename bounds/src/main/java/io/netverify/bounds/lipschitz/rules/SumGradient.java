package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Sum(x_1, ..., x_n): each computed input gets G (inputs broadcast to the output's shape are not supported). */
public final class SumGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        for (int i = 0; i < node.inputs().size(); i++) {
            String in = node.input(i);
            if (builder.forward().isConstant(in)) {
                continue;
            }
            AddGradient.requireSameShape(node, i, builder);
            builder.contribute(in, outputGradient);
        }
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return 1;
    }
}
