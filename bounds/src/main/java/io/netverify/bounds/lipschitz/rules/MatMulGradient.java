package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

/**
 * MatMul(A, B) left after normalisation (which turns a constant right-hand matrix into Linear): a
 * constant A, or both operands computed (attention's products). The product rule
 * {@code d(AB) = dA B + A dB}: A gets {@code G B^T} and B gets {@code A^T G}, MatMul nodes that are
 * bilinear in the upstream gradient and a forward value when both are computed (bounded as MatMul of
 * two bounded operands is). Operands of rank 2 or more; a computed one must not be broadcast over the
 * leading axes.
 */
public final class MatMulGradient extends SmoothGradient {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        Shape y = builder.shape(node.output());
        for (int i = 0; i < 2; i++) {
            Shape s = builder.shape(node.input(i));
            if (s.rank() < 2) {
                throw new IllegalArgumentException("Lipschitz bounds: input " + i + " of " + node.describe()
                    + " is a vector; only matrices (rank 2 or more) are supported");
            }
            if (!builder.forward().isConstant(node.input(i)) && !leadingAxesMatch(s, y)) {
                throw new IllegalArgumentException("Lipschitz bounds: input " + i + " of " + node.describe()
                    + " is broadcast over the leading axes; only computed operands with the output's leading axes are supported");
            }
        }
        String a = node.input(0);
        String b = node.input(1);
        if (!builder.forward().isConstant(a)) {
            builder.contribute(a, builder.node("MatMul", outputGradient, swapLastAxes(b, builder)));
        }
        if (!builder.forward().isConstant(b)) {
            builder.contribute(b, builder.node("MatMul", swapLastAxes(a, builder), outputGradient));
        }
    }

    private static boolean leadingAxesMatch(Shape s, Shape y) {
        if (s.rank() != y.rank()) {
            return false;
        }
        for (int d = 0; d < s.rank() - 2; d++) {
            if (s.dim(d) != y.dim(d)) {
                return false;
            }
        }
        return true;
    }

    /** The matrices of {@code value} transposed (a constant once the graph is folded). */
    private static String swapLastAxes(String value, JacobianBuilder builder) {
        int rank = builder.shape(value).rank();
        long[] perm = new long[rank];
        for (int d = 0; d < rank; d++) {
            perm[d] = d;
        }
        perm[rank - 2] = rank - 1;
        perm[rank - 1] = rank - 2;
        return builder.node("Transpose", Attributes.EMPTY.with("perm", perm), value);
    }

    /** With a constant operand, the gradient step by its matrices ({@link MatrixGain}); two computed ones are unbounded. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        Tensor a = builder.forward().constant(node.input(0));
        Tensor b = builder.forward().constant(node.input(1));
        if (a != null) {
            return MatrixGain.of(a, false, norm);
        }
        return b != null ? MatrixGain.of(b, true, norm) : Double.POSITIVE_INFINITY;
    }
}
