package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/** ONNX Identity: the input itself (tensors are immutable, so no copy). */
public final class Identity implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 1, 1);
        ValueInfo x = inputs.get(0);
        return List.of(new ValueInfo(node.output(), x.type(), x.shape()));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        return List.of(inputs.get(0));
    }
}
