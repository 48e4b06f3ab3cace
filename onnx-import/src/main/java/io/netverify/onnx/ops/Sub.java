package io.netverify.onnx.ops;

/** ONNX Sub with numpy broadcasting: {@code a - b}. */
public final class Sub extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double a, double b) {
        return a - b;
    }
}
