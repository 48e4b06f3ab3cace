package io.netverify.bounds.lipschitz;

import io.netverify.onnx.Node;

/**
 * The chain rule of one forward operator, for the Jacobian graph: given the gradient of the node's
 * output, the nodes computing the gradients of its inputs. Each rule is registered under its op type
 * in {@link GradientRules}: supporting an operator in Lipschitz bounds is its rule class and that line.
 */
public interface GradientRule {
    /** How the operator's derivative varies with its input, which decides how branch and bound on gradients splits. */
    enum Derivative {
        /** Independent of the input (linear operators). */
        CONSTANT,
        /** Constant on each side of 0 (ReLU, LeakyReLU, Abs): splitting the input at 0 fixes it. */
        PIECEWISE_CONSTANT,
        /**
         * Varying with the input in a way no split at 0 fixes (sigmoid and tanh smoothly, Clip at its
         * bounds, max pooling's choice of maximum): only bisecting the input box tightens it.
         */
        SMOOTH
    }

    /** See {@link Derivative}; constant by default. */
    default Derivative derivative() {
        return Derivative.CONSTANT;
    }

    /**
     * Adds to {@code builder} the gradient of each computed input of {@code node}, given
     * {@code outputGradient}, the name of the value holding the gradient of the node's output (same
     * shape as the output), via {@link JacobianBuilder#contribute}.
     */
    void backward(Node node, String outputGradient, JacobianBuilder builder);

    /**
     * {@link #backward(Node, String, JacobianBuilder)} for operators with several outputs (Split):
     * {@code outputGradients} holds the gradient of each output, null where nothing depends on it.
     * Supported only by the rules that override it.
     */
    default void backward(Node node, java.util.List<String> outputGradients, JacobianBuilder builder) {
        throw new IllegalArgumentException("Lipschitz bounds: " + node.describe() + " has " + node.outputs().size()
            + " outputs; its chain rule supports only one");
    }

    /**
     * A bound of how much this operator can scale a gradient in the given dual norm, over the whole
     * input space: {@code ||grad in|| <= gain ||grad out||} for every computed input (with several
     * outputs, for each output's part of the gradient). For the naive
     * Lipschitz bound (the product of the layers' operator norms).
     */
    double gain(Node node, JacobianBuilder builder, InputNorm norm);
}
