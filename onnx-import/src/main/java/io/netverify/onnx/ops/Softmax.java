package io.netverify.onnx.ops;

/** ONNX Softmax: {@code e^x / sum(e^x)} over the axis (see {@link SoftmaxBase} for opset differences). */
public final class Softmax extends SoftmaxBase implements Operator {
    @Override
    protected double value(double x, double max, double sumExp) {
        return Math.exp(x - max) / sumExp;
    }
}
