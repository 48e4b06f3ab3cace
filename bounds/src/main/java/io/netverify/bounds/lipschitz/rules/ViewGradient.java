package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/**
 * View: the same elements, so the gradient of the input is G viewed in the input's shape (the
 * normaliser turns Flatten, Reshape, Squeeze and Unsqueeze into View). Base of the rules of the other
 * operators that keep the elements and their order.
 */
public class ViewGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.view(outputGradient, builder.shape(node.input(0))));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return 1;
    }
}
