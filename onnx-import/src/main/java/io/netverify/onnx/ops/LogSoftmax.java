package io.netverify.onnx.ops;

/** ONNX LogSoftmax: {@code x - log(sum(e^x))} over the axis (see {@link SoftmaxBase} for opset differences). */
public final class LogSoftmax extends SoftmaxBase implements Operator {
    @Override
    protected double value(double x, double max, double sumExp) {
        return x - max - Math.log(sumExp);
    }
}
