package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;

/**
 * Gemm(A, B, C) left after normalisation: {@code Y = alpha A' B' + beta C} with one operand computed
 * and C constant (bound propagation has no relaxation of a Gemm of two computed operands; MatMul has).
 * A computed gets {@code alpha G B'^T}, B computed {@code alpha A'^T G}: Gemm nodes with the constant
 * operand and the same alpha, transposed back where the node transposes the computed operand.
 */
public final class GemmGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        boolean computedA = computedOperand(node, builder) == 0;
        Attributes a = node.attributes();
        double alpha = a.getFloat("alpha", 1);
        boolean transA = a.getInt("transA", 0) != 0;
        boolean transB = a.getInt("transB", 0) != 0;
        String g;
        if (computedA) {
            g = builder.node("Gemm", Attributes.EMPTY.with("alpha", alpha).with("transB", transB ? 0L : 1L),
                outputGradient, node.input(1));
        } else {
            g = builder.node("Gemm", Attributes.EMPTY.with("alpha", alpha).with("transA", transA ? 0L : 1L),
                node.input(0), outputGradient);
        }
        if (computedA ? transA : transB) {
            g = builder.node("Transpose", Attributes.EMPTY.with("perm", new long[] {1, 0}), g);
        }
        builder.contribute(node.input(computedA ? 0 : 1), g);
    }

    /** The computed operand (0 or 1), or an error naming the node where both are, or C is computed. */
    private static int computedOperand(Node node, JacobianBuilder builder) {
        if (!node.input(2).isEmpty()) {
            builder.requireConstant(node, 2);
        }
        boolean a = !builder.forward().isConstant(node.input(0));
        boolean b = !builder.forward().isConstant(node.input(1));
        if (a && b) {
            throw new IllegalArgumentException("Lipschitz bounds: " + node.describe()
                + " multiplies two computed operands, which bound propagation does not support for Gemm (it does for MatMul)");
        }
        return a ? 0 : 1;
    }

    /** |alpha| times the gradient step by the constant operand's matrix ({@link MatrixGain}), rounded up. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        Attributes a = node.attributes();
        double alpha = Math.abs(a.getFloat("alpha", 1));
        // A computed: W = B'^T; B computed: W = A'
        double g = computedOperand(node, builder) == 0
            ? MatrixGain.of(builder.requireConstant(node, 1), a.getInt("transB", 0) == 0, norm)
            : MatrixGain.of(builder.requireConstant(node, 0), a.getInt("transA", 0) != 0, norm);
        return Math.nextUp(alpha * g);
    }
}
