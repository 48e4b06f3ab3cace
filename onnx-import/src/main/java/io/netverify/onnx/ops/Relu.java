package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** ONNX Relu: {@code max(0, x)}; NaN stays NaN. */
public final class Relu extends ElementwiseUnary implements Operator {
    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        return x -> Math.max(0.0, x);
    }
}
