package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

/**
 * Base of ReduceMax and ReduceMin: each group's G goes to its extremum (a convex combination of its
 * elements, so the gain is 1 as for {@link ExtremumGradient}), which is max pooling with one window
 * per group. x is transposed so that the reduced axes come last and viewed as {@code [1, K, R]}
 * (K groups of R elements; negated first for the minimum), and its gradient is that pool's
 * MaxPoolGrad (candidate selection over the group, any convex combination of candidates at ties),
 * viewed and transposed back.
 */
abstract class ReducedExtremumGradient extends ExtremumGradient {
    ReducedExtremumGradient(boolean max) {
        super(max);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        Shape x = builder.shape(node.input(0));
        Shape kept = ReductionGroups.kept(node, builder);
        int groups = kept.size();
        int r = x.size() / Math.max(1, groups);
        if (r <= 1) {
            // nothing reduced: an identity up to the view
            builder.contribute(node.input(0), builder.view(outputGradient, x));
            return;
        }
        // kept axes first (in order), then the reduced ones
        long[] perm = new long[x.rank()];
        int[] permuted = new int[x.rank()];
        int next = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int a = 0; a < x.rank(); a++) {
                if ((kept.dim(a) == x.dim(a)) == (pass == 0)) {
                    permuted[next] = x.dim(a);
                    perm[next++] = a;
                }
            }
        }
        boolean identity = true;
        long[] inverse = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            identity &= perm[i] == i;
            inverse[(int) perm[i]] = i;
        }
        String values = max ? node.input(0) : builder.node("Neg", node.input(0));
        if (!identity) {
            values = builder.node("Transpose", Attributes.EMPTY.with("perm", perm), values);
        }
        String pooled = builder.node("MaxPoolGrad", Attributes.EMPTY.with("kernel_shape", new long[] {r}),
            builder.view(values, Shape.of(1, groups, r)), builder.view(outputGradient, Shape.of(1, groups, 1)));
        String back = builder.view(pooled, Shape.of(permuted));
        if (!identity) {
            back = builder.node("Transpose", Attributes.EMPTY.with("perm", inverse), back);
        }
        builder.contribute(node.input(0), back);
    }
}
