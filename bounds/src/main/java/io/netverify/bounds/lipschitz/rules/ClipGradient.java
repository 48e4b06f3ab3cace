package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Clip;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Clip(z) to constant bounds [lo, hi]: the derivative is 1 inside, 0 outside, the Clarke interval
 * [0, 1] at lo and at hi, which is {@code relu'(z - lo) relu'(hi - z)}: the gradient of z is
 * {@code ReluGrad(z - lo, ReluGrad(hi - z, G))}, leaving out the factor of an infinite bound; nothing
 * where lo >= hi (the output is constant). The bounds are those of the evaluator's function
 * (attributes or constant inputs by opset; lo = f(-inf), hi = f(+inf)). Its kinks are not at 0, so
 * the ReluGrad nodes keep the whole Clarke interval even in branch and bound's graphs, and only
 * bisecting the input tightens them.
 */
public final class ClipGradient extends SmoothGradient {
    public ClipGradient() {
        super(1);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        Tensor[] inputs = new Tensor[node.inputs().size()];
        for (int i = 1; i < inputs.length; i++) {
            if (!node.input(i).isEmpty()) {
                inputs[i] = builder.requireConstant(node, i);
            }
        }
        DoubleUnaryOperator f = new Clip().function(node, Arrays.asList(inputs));
        double lo = f.applyAsDouble(Double.NEGATIVE_INFINITY);
        double hi = f.applyAsDouble(Double.POSITIVE_INFINITY);
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new IllegalArgumentException("Lipschitz bounds: a clip bound of " + node.describe() + " is NaN");
        }
        if (!(lo < hi)) {
            return;
        }
        String z = node.input(0);
        String g = outputGradient;
        if (hi < Double.POSITIVE_INFINITY) {
            g = builder.node("ReluGrad", shifted(builder, z, -1, hi), g);
        }
        if (lo > Double.NEGATIVE_INFINITY) {
            g = builder.node("ReluGrad", shifted(builder, z, 1, -lo), g);
        }
        builder.contribute(z, g);
    }

    /** {@code sign z + shift}: its sign is exact in float64. */
    private static String shifted(JacobianBuilder builder, String z, double sign, double shift) {
        return builder.node("Affine", z, builder.constant(Tensor.scalar(sign)), builder.constant(Tensor.scalar(shift)));
    }
}
