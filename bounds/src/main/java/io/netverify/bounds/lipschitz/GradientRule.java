package io.netverify.bounds.lipschitz;

import io.netverify.onnx.Node;

/**
 * The chain rule of one forward operator, for the Jacobian graph: given the gradient of the node's
 * output, the nodes computing the gradients of its inputs. An implementation is the class
 * {@code io.netverify.bounds.lipschitz.rules.<OpType>Gradient} (see {@link GradientRules}), so
 * supporting an operator in Lipschitz bounds touches one file.
 */
public interface GradientRule {
    /**
     * Adds to {@code builder} the gradient of each computed input of {@code node}, given
     * {@code outputGradient}, the name of the value holding the gradient of the node's output (same
     * shape as the output), via {@link JacobianBuilder#contribute}.
     */
    void backward(Node node, String outputGradient, JacobianBuilder builder);

    /**
     * A bound of how much this operator can scale a gradient in the given dual norm, over the whole
     * input space: {@code ||grad in|| <= gain ||grad out||} for every computed input. For the naive
     * Lipschitz bound (the product of the layers' operator norms).
     */
    double gain(Node node, JacobianBuilder builder, InputNorm norm);
}
