package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

/**
 * Base of the rules of ReduceSum and ReduceMean: every element of x gets the G of its group (the
 * adjoint: G expanded back over the reduced axes), divided by the group's size r for a mean.
 */
abstract class GroupSpreadGradient implements GradientRule {
    /** Whether G is divided by the group's size (a mean, else a sum). */
    private final boolean mean;

    GroupSpreadGradient(boolean mean) {
        this.mean = mean;
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        ReductionGroups.spread(node, outputGradient, builder, mean);
    }

    /**
     * Each G copied to the r elements of its group: r in l_1 (l_inf inputs), 1 in l_inf, sqrt(r) in
     * l_2. For a mean r copies of G / r: 1 in l_1, 1 / r in l_inf, 1 / sqrt(r) in l_2, rounded up
     * past the division's rounding.
     */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        int r = ReductionGroups.size(node, builder);
        if (!mean) {
            return switch (norm) {
                case LINF -> r;
                case L1 -> 1;
                case L2 -> Math.nextUp(Math.sqrt(r));
            };
        }
        double g = switch (norm) {
            case LINF -> 1;
            case L1 -> 1.0 / r;
            case L2 -> 1 / Math.sqrt(r);
        };
        return g * (1 + 0x1p-50);
    }
}
