package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Reduction;

/** The groups of a ReduceXxx node's input: each output element reduces one group of x's elements. */
final class ReductionGroups {
    private ReductionGroups() {
    }

    /** x's shape with every reduced axis kept as size 1 (axes from the constant second input or the attribute). */
    static Shape kept(Node node, JacobianBuilder builder) {
        Tensor axes = node.input(1).isEmpty() ? null : builder.requireConstant(node, 1);
        return Reduction.keptShape(node, builder.shape(node.input(0)), axes);
    }

    /** Elements per group. */
    static int size(Node node, JacobianBuilder builder) {
        return builder.shape(node.input(0)).size() / Math.max(1, kept(node, builder).size());
    }

    /**
     * Every element of x gets its group's {@code g} (divided by the group's size first when
     * {@code divide}, a real division as the mean divides): G in the kept shape, expanded to x's.
     */
    static void spread(Node node, String g, JacobianBuilder builder, boolean divide) {
        Shape kept = kept(node, builder);
        Shape x = builder.shape(node.input(0));
        String grouped = builder.view(g, kept);
        if (divide) {
            grouped = builder.node("Div", grouped, builder.constant(Tensor.scalar(x.size() / Math.max(1, kept.size()))));
        }
        long[] dims = new long[x.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = x.dim(i);
        }
        builder.contribute(node.input(0), builder.node("Expand", grouped, builder.constant(Tensor.ints(dims))));
    }
}
