package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.IntFunction;

/**
 * ONNX Expand: broadcasts the input with the shape input (numpy rules in both directions, so a 1
 * there keeps the input's size).
 */
public final class Expand implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape out = outputShape(inputs.get(0).shape(), StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), out));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Shape out = outputShape(x.shape(), StaticInputs.values(inputs));
        int[] map = Broadcast.indexMap(x.shape(), out);
        double[] y = new double[map.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.get(map[i]);
        }
        return List.of(new Tensor(x.type(), out, y));
    }

    private static Shape outputShape(Shape x, IntFunction<Tensor> input) {
        Tensor s = input.apply(1);
        if (s == null) {
            throw new IllegalArgumentException("missing the shape input");
        }
        return Broadcast.shape(x, Shape.of(s.toLongs()));
    }
}
