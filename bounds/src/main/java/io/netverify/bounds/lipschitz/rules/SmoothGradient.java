package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/**
 * Base of the rules of operators whose derivative no split at 0 fixes ({@link Derivative#SMOOTH}):
 * the gain is the largest norm of the derivative, given (infinite when unbounded), or computed per
 * node by rules that override {@link #gain}.
 */
abstract class SmoothGradient implements GradientRule {
    private final double maxDerivative;

    SmoothGradient(double maxDerivative) {
        this.maxDerivative = maxDerivative;
    }

    /** For rules that compute the gain per node: unbounded unless they override {@link #gain}. */
    SmoothGradient() {
        this(Double.POSITIVE_INFINITY);
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
