package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.bounds.relax.CopyMap;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Base of the rules of operators that only move, select or duplicate elements (Concat, Split, Slice,
 * Transpose, Pad, Gather, Tile, Expand), learnt from the evaluator as their relaxations learn them
 * ({@link CopyMap}): the gradient of an input element is the sum of the gradients of the output
 * elements copied from it, a Linear node with the 0/1 incidence matrix per output and computed input
 * (exact sums). Outputs made of constants pass nothing back.
 */
abstract class CopyGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        backward(node, List.of(outputGradient), builder);
    }

    @Override
    public void backward(Node node, List<String> outputGradients, JacobianBuilder builder) {
        CopyMap map = CopyMap.ofComputedInputs(node, builder.forward());
        for (int i = 0; i < node.inputs().size(); i++) {
            String in = node.input(i);
            if (in.isEmpty() || builder.forward().isConstant(in)) {
                continue;
            }
            int n = builder.shape(in).size();
            for (int o = 0; o < map.outputs() && o < outputGradients.size(); o++) {
                if (outputGradients.get(o) == null) {
                    continue;
                }
                int m = map.size(o);
                double[] w = new double[n * m];
                boolean any = false;
                for (int e = 0; e < m; e++) {
                    if (map.source(o, e) == i) {
                        w[map.element(o, e) * m + e] += 1;
                        any = true;
                    }
                }
                if (any) {
                    String flat = builder.view(outputGradients.get(o), Shape.of(m));
                    String summed = builder.node("Linear", flat, builder.constant(Tensor.of(Shape.of(n, m), w)));
                    builder.contribute(in, builder.view(summed, builder.shape(in)));
                }
            }
        }
    }

    /**
     * Each output element copies at most one input element, so in l_1 (l_inf inputs) the gain is 1;
     * in l_inf the most copies one input element has in one output; in l_2 its square root.
     */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        if (norm == InputNorm.LINF) {
            return 1;
        }
        CopyMap map = CopyMap.ofComputedInputs(node, builder.forward());
        int most = 0;
        for (int o = 0; o < map.outputs(); o++) {
            java.util.Map<Long, Integer> copies = new java.util.HashMap<>();
            for (int e = 0; e < map.size(o); e++) {
                if (map.source(o, e) >= 0) {
                    long key = ((long) map.source(o, e) << 32) | map.element(o, e);
                    most = Math.max(most, copies.merge(key, 1, Integer::sum));
                }
            }
        }
        return norm == InputNorm.L1 ? most : Math.nextUp(Math.sqrt(most));
    }
}
