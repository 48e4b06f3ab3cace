package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/** ONNX Size: the number of elements of the input, as an INT64 scalar. */
public final class Size implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        return List.of(new ValueInfo(node.output(), DataType.INT64, Shape.SCALAR));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        return List.of(Tensor.scalar(inputs.get(0).size()).withType(DataType.INT64));
    }

    @Override
    public boolean readsOnlyInputShape() {
        return true;
    }
}
