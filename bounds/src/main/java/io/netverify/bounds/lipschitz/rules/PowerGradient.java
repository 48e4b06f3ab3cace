package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.PowGrad;

import java.util.Map;

/**
 * Base of the rules of element-wise functions whose derivative is {@code k z^(p - 1)} (Log, Sqrt,
 * Reciprocal): the gradient of z is {@code PowGrad(z, G)}; the derivative is unbounded (near 0, or
 * for large |z|), so the gain is infinite.
 */
abstract class PowerGradient extends SmoothGradient {
    private final double exponent;
    private final double coefficient;

    PowerGradient(double exponent, double coefficient) {
        super(Double.POSITIVE_INFINITY);
        this.exponent = exponent;
        this.coefficient = coefficient;
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), powGrad(builder, node.input(0), outputGradient, exponent, coefficient));
    }

    /** The node {@code PowGrad(z, g)}: {@code g k z^(p - 1)}. */
    static String powGrad(JacobianBuilder builder, String z, String g, double p, double k) {
        return builder.node("PowGrad", new Attributes(Map.of(PowGrad.EXPONENT, p, PowGrad.COEFFICIENT, k)), z, g);
    }
}
