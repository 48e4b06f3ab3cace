package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** ONNX Sign: -1, 0 or 1 by the sign of x (NaN stays NaN). */
public final class Sign extends ElementwiseUnary implements Operator {
    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        return Math::signum;
    }
}
