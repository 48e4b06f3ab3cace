package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** ONNX Not: logical negation of a BOOL tensor (1 for true, 0 for false). */
public final class Not extends ElementwiseUnary implements Operator {
    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        return x -> x == 0 ? 1 : 0;
    }

    @Override
    protected DataType outputType(Node node, DataType input) {
        return DataType.BOOL;
    }
}
