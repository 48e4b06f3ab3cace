package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** ReduceSum(x): every element of x gets the G of its group (the adjoint: G expanded back over the reduced axes). */
public final class ReduceSumGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        ReductionGroups.spread(node, outputGradient, builder, false);
    }

    /** Each G copied to the r elements of its group: r in l_1 (l_inf inputs), 1 in l_inf, sqrt(r) in l_2. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        int r = ReductionGroups.size(node, builder);
        return switch (norm) {
            case LINF -> r;
            case L1 -> 1;
            case L2 -> Math.nextUp(Math.sqrt(r));
        };
    }
}
