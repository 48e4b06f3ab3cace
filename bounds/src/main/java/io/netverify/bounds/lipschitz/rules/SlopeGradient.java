package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;

import java.util.HashMap;
import java.util.Map;

/**
 * Base of the rules of piecewise-linear activations with slope a below 0 and 1 above (ReLU, LeakyReLU,
 * Abs): the gradient of z is {@code ReluGrad(z, G)} (a = 0) or {@code LeakyReluGrad(z, G)} with alpha a,
 * the Clarke interval between a and 1 at z = 0 (taking the side of a split in branch and bound's
 * graphs, {@link JacobianBuilder#closedAtZero}). Splitting z at 0 fixes the derivative; the gain is
 * max(1, |a|).
 */
abstract class SlopeGradient implements GradientRule {
    /** The slope a below 0. */
    protected abstract double negativeSlope(Node node);

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        double a = negativeSlope(node);
        Map<String, Object> attributes = new HashMap<>();
        if (a != 0) {
            attributes.put("alpha", a);
        }
        if (builder.closedAtZero()) {
            attributes.put("closed_at_zero", 1L);
        }
        builder.contribute(node.input(0), builder.node(a == 0 ? "ReluGrad" : "LeakyReluGrad", new Attributes(attributes),
            node.input(0), outputGradient));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return Math.max(1, Math.abs(negativeSlope(node)));
    }

    @Override
    public Derivative derivative() {
        return Derivative.PIECEWISE_CONSTANT;
    }
}
