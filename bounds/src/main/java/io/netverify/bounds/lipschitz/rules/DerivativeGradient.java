package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/**
 * Base of the rules of smooth element-wise activations f: the gradient of z is {@code <gradOp>(z, G)}
 * = f'(z) G, and the gain is the largest |f'|.
 */
abstract class DerivativeGradient implements GradientRule {
    private final String gradOp;
    private final double maxDerivative;

    DerivativeGradient(String gradOp, double maxDerivative) {
        this.gradOp = gradOp;
        this.maxDerivative = maxDerivative;
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node(gradOp, node.input(0), outputGradient));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return maxDerivative;
    }

    @Override
    public Derivative derivative() {
        return Derivative.SMOOTH;
    }
}
