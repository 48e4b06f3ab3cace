package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** Base of the rules of smooth element-wise functions: the gain is the largest |f'| (infinite when unbounded). */
abstract class SmoothGradient implements GradientRule {
    private final double maxDerivative;

    SmoothGradient(double maxDerivative) {
        this.maxDerivative = maxDerivative;
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
