package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * ONNX ConstantOfShape: a tensor of the shape given by the input, filled with the one-element
 * attribute 'value' (default FLOAT 0).
 */
public final class ConstantOfShape implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        return List.of(new ValueInfo(node.output(), fill(node).type(), shape(StaticInputs.constants(node, inputs, constants))));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor fill = fill(node);
        Shape shape = shape(StaticInputs.values(inputs));
        double[] d = new double[shape.size()];
        Arrays.fill(d, fill.get(0));
        return List.of(new Tensor(fill.type(), shape, d));
    }

    private static Tensor fill(Node node) {
        Tensor v = node.attributes().getTensor("value");
        if (v == null) {
            return new Tensor(DataType.FLOAT, Shape.of(1), new double[1]);
        }
        if (v.size() != 1) {
            throw new IllegalArgumentException("attribute value must hold one element, got " + v.shape());
        }
        return v;
    }

    private static Shape shape(IntFunction<Tensor> input) {
        Tensor s = input.apply(0);
        if (s == null) {
            throw new IllegalArgumentException("missing the shape input");
        }
        return Shape.of(s.toLongs());
    }
}
