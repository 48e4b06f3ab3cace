package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** ONNX LeakyRelu: {@code x} for x >= 0, {@code alpha * x} below (alpha defaults to 0.01). */
public final class LeakyRelu extends ElementwiseUnary implements Operator {
    /** ONNX float attributes are float32, so the default is 0.01 rounded to float. */
    private static final float DEFAULT_ALPHA = 0.01f;

    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        double alpha = node.attributes().getFloat("alpha", DEFAULT_ALPHA);
        return x -> x >= 0 ? x : alpha * x;
    }
}
