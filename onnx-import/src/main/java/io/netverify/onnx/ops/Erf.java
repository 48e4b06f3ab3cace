package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** ONNX Erf: the Gauss error function. */
public final class Erf extends ElementwiseUnary implements Operator {
    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        return SpecialFunctions::erf;
    }
}
