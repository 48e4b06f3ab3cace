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

    /** See {@link MatrixGain}. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        return MatrixGain.of(builder.requireConstant(node, 1), false, norm);
    }
}
