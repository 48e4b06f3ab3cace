package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Opset;

/**
 * Softmax(z) = s: the Jacobian diag(s) - s s^T (symmetric) sends G to {@code s * (G - sum(G * s))},
 * the sum over each softmax group (along the axis from opset 13 on; before it, over every axis from
 * the axis on) kept for broadcasting: Mul, ReduceSum, Sub and Mul nodes over the node's output, bounded
 * by their own relaxations (McCormick products of the intervals of s). The gain is 1/2 in every
 * norm: each row and column of |diag(s) - s s^T| sums to 2 s_j (1 - s_j) <= 1/2.
 */
public final class SoftmaxGradient extends SmoothGradient {
    public SoftmaxGradient() {
        super(0.5);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        String s = node.output();
        Shape shape = builder.shape(s);
        boolean old = Opset.of(node) < 13;
        int axis = shape.axis(node.attributes().getInt("axis", old ? 1 : -1));
        long[] axes = new long[old ? shape.rank() - axis : 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axis + i;
        }
        String dot = builder.node("ReduceSum", builder.node("Mul", outputGradient, s), builder.constant(Tensor.ints(axes)));
        builder.contribute(node.input(0), builder.node("Mul", s, builder.node("Sub", outputGradient, dot)));
    }
}
