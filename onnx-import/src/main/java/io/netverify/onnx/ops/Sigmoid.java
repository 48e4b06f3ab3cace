package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** ONNX Sigmoid: {@code 1 / (1 + e^-x)}. */
public final class Sigmoid extends ElementwiseUnary implements Operator {
    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        return SpecialFunctions::sigmoid;
    }
}
