package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

/** Linear(x, W, b): the gradient of x is {@code G W}, a Linear node with the transposed weight and no bias. */
public final class LinearGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        Tensor w = builder.requireConstant(node, 1);
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] t = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = w.get(o * in + i);
            }
        }
        String wt = builder.constant(Tensor.of(Shape.of(in, out), t));
        builder.contribute(node.input(0), builder.node("Linear", outputGradient, wt));
    }

    /**
     * l_1 of W^T g: at most the largest row abs sum of W times ||g||_1; l_inf: the largest column
     * abs sum; l_2: the spectral norm, bounded by the square root of their product.
     */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        Tensor w = builder.requireConstant(node, 1);
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] rows = new double[out];
        double[] cols = new double[in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double a = Math.abs(w.get(o * in + i));
                rows[o] += a;
                cols[i] += a;
            }
        }
        double rowMax = java.util.Arrays.stream(rows).max().orElse(0);
        double colMax = java.util.Arrays.stream(cols).max().orElse(0);
        return switch (norm) {
            case LINF -> rowMax;
            case L1 -> colMax;
            case L2 -> Math.sqrt(rowMax * colMax);
        };
    }
}
