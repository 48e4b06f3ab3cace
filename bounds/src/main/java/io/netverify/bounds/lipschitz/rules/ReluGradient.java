package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;

import java.util.Map;

/** Relu(z): the gradient of z is ReluGrad(z, G). */
public final class ReluGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        Attributes closed = builder.closedAtZero() ? new Attributes(Map.of("closed_at_zero", 1L)) : Attributes.EMPTY;
        builder.contribute(node.input(0), builder.node("ReluGrad", closed, node.input(0), outputGradient));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return 1;
    }

    @Override
    public Derivative derivative() {
        return Derivative.PIECEWISE_CONSTANT;
    }
}
