package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/** ReduceMean(x): every element of x gets the G of its group divided by the group's size r. */
public final class ReduceMeanGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        ReductionGroups.spread(node, outputGradient, builder, true);
    }

    /** r copies of G / r: 1 in l_1 (l_inf inputs), 1 / r in l_inf, 1 / sqrt(r) in l_2; rounded up past the division's rounding. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        int r = ReductionGroups.size(node, builder);
        double g = switch (norm) {
            case LINF -> 1;
            case L1 -> 1.0 / r;
            case L2 -> 1 / Math.sqrt(r);
        };
        return g * (1 + 0x1p-50);
    }
}
