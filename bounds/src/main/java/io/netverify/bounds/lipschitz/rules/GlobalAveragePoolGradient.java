package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

/** GlobalAveragePool: one window over all cells of a channel, divided by their number. */
public final class GlobalAveragePoolGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        int cells = cellsPerPlane(builder.shape(node.input(0)));
        PoolAdjoint.contribute(node, outputGradient, builder, new int[][] {all(cells)}, new int[] {cells});
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        int cells = cellsPerPlane(builder.shape(node.input(0)));
        return PoolAdjoint.gain(new int[][] {all(cells)}, new int[] {cells}, cells, norm);
    }

    private static int cellsPerPlane(Shape x) {
        return x.size() / (x.dim(0) * x.dim(1));
    }

    private static int[] all(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = i;
        }
        return c;
    }
}
