package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

/**
 * Div(a, b) where normalisation left it a division (a computed divisor, or a constant one that
 * broadcasts): the quotient rule, {@code G / b} to a and {@code -(G y) / b} to b (y = a / b, the
 * node's output), both PowGrad(b, .) with p = 0 and k = +-1; unbounded where b's interval reaches 0.
 * Inputs broadcast to the output's shape are not supported.
 */
public final class DivGradient extends SmoothGradient {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        String a = node.input(0);
        String b = node.input(1);
        // both gradients are element-wise in b
        AddGradient.requireSameShape(node, 1, builder);
        if (!builder.forward().isConstant(a)) {
            AddGradient.requireSameShape(node, 0, builder);
            builder.contribute(a, PowerGradient.powGrad(builder, b, outputGradient, 0, 1));
        }
        if (!builder.forward().isConstant(b)) {
            builder.contribute(b, PowerGradient.powGrad(builder, b, builder.node("Mul", outputGradient, node.output()), 0, -1));
        }
    }

    /** The largest |1 / b| of a constant divisor; a computed one is unbounded. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        Tensor b = builder.forward().constant(node.input(1));
        if (b == null) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (double v : b.backingArray()) {
            m = Math.max(m, Math.nextUp(Math.abs(1 / v)));
        }
        return m;
    }
}
