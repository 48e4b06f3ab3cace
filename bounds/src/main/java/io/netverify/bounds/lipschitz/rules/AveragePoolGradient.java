package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.ops.AveragePool;

/** AveragePool: the adjoint of its windows (padding, strides, dilations, ceil mode and divisors as the forward op has them). */
public final class AveragePoolGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        AveragePool.Windows w = AveragePool.windows(node, builder.shape(node.input(0)));
        PoolAdjoint.contribute(node, outputGradient, builder, w.cells(), w.divisors());
    }

    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        Shape x = builder.shape(node.input(0));
        AveragePool.Windows w = AveragePool.windows(node, x);
        return PoolAdjoint.gain(w.cells(), w.divisors(), x.size() / (x.dim(0) * x.dim(1)), norm);
    }
}
