package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/**
 * Base of the rules of smooth element-wise activations f: the gradient of z is {@code <gradOp>(z, G)}
 * = f'(z) G, and the gain is the largest |f'|.
 */
abstract class DerivativeGradient extends SmoothGradient {
    private final String gradOp;

    DerivativeGradient(String gradOp, double maxDerivative) {
        super(maxDerivative);
        this.gradOp = gradOp;
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node(gradOp, node.input(0), outputGradient));
    }
}
