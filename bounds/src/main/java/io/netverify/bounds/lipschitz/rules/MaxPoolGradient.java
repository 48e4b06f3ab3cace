package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.MaxPool;

/**
 * MaxPool(x): the gradient of x is MaxPoolGrad(x, G) with the pool's attributes (each window's G to
 * its maximum). Which cell holds a window's maximum decides the gradient, not the cells' signs.
 */
public final class MaxPoolGradient extends SmoothGradient {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node("MaxPoolGrad", node.attributes(), node.input(0), outputGradient));
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return gain(MaxPool.windows(node, builder.shape(node.input(0))), norm);
    }

    /**
     * Each window's gradient goes to one cell: in l_1 (l_inf inputs) the gain is 1; in l_inf the most
     * windows sharing a cell; in l_2 its square root (a cell's sum of k gradients has square at most
     * k times the sum of their squares).
     */
    static double gain(int[][] windows, InputNorm norm) {
        java.util.Map<Integer, Integer> cover = new java.util.HashMap<>();
        int most = 0;
        for (int[] w : windows) {
            for (int j : w) {
                most = Math.max(most, cover.merge(j, 1, Integer::sum));
            }
        }
        return switch (norm) {
            case LINF -> 1;
            case L1 -> most;
            case L2 -> Math.nextUp(Math.sqrt(most));
        };
    }
}
