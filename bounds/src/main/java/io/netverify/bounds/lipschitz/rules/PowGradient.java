package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

/**
 * Pow(z, p) with a constant exponent p (one value, not enlarging z's shape): the gradient of z is
 * {@code G p z^(p - 1)}, PowGrad; nothing for p = 0 (a constant output). The gain is 1 for p = 1,
 * unbounded otherwise.
 */
public final class PowGradient extends SmoothGradient {
    public PowGradient() {
        super(Double.POSITIVE_INFINITY);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        double p = exponent(node, builder);
        AddGradient.requireSameShape(node, 0, builder);
        if (p != 0) {
            builder.contribute(node.input(0), PowerGradient.powGrad(builder, node.input(0), outputGradient, p, p));
        }
    }

    private static double exponent(Node node, JacobianBuilder builder) {
        Tensor e = builder.requireConstant(node, 1);
        double p = e.get(0);
        for (double v : e.backingArray()) {
            // below 2^53 in magnitude, p - 1 is exact for integers (PowGrad corrects the others')
            if (Double.compare(v, p) != 0 || !(Math.abs(v) < 0x1p53)) {
                throw new IllegalArgumentException("Lipschitz bounds: " + node.describe()
                    + " needs one exponent below 2^53 in magnitude for all elements, has " + p + " and " + v);
            }
        }
        return p;
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        double p = exponent(node, builder);
        return p == 0 || p == 1 ? p : Double.POSITIVE_INFINITY;
    }
}
