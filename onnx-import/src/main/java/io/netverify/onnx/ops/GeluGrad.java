package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * Project operator GeluGrad(z, g) with the attributes of a {@link Gelu} node: {@code g * f'(z)} for
 * that node's GELU f ({@link Gelu.Form#derivative}), the upstream gradient g passed back through it.
 * Built by the Jacobian graph.
 */
public final class GeluGrad extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double z, double g) {
        throw new UnsupportedOperationException("GeluGrad depends on its attributes");
    }

    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Gelu.form(node);
        return super.infer(node, inputs, constants);
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Gelu.Form form = Gelu.form(node);
        Tensor z = inputs.get(0);
        Tensor g = inputs.get(1);
        Shape shape = Broadcast.shape(z.shape(), g.shape());
        return List.of(new Tensor(z.type(), shape, combine(z, g, shape, (a, b) -> b * form.derivative(a))));
    }
}
