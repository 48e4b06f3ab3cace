package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Project operator LeakyReluGrad(z, g) with float attribute {@code alpha} (default 0.01):
 * {@code g} where z > 0, {@code alpha g} elsewhere; the upstream gradient g passed back through a
 * LeakyRelu whose input is z. Built by the Jacobian graph.
 */
public final class LeakyReluGrad extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double z, double g) {
        throw new UnsupportedOperationException("LeakyReluGrad depends on its alpha attribute");
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        double alpha = node.attributes().getFloat("alpha", 0.01);
        Tensor z = inputs.get(0);
        Tensor g = inputs.get(1);
        Shape shape = Broadcast.shape(z.shape(), g.shape());
        return List.of(new Tensor(z.type(), shape, combine(z, g, shape, (a, b) -> a > 0 ? b : alpha * b)));
    }
}
