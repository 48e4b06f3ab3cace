package io.netverify.onnx.ops;

/** ONNX Mul with numpy broadcasting: {@code a * b}. */
public final class Mul extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double a, double b) {
        return a * b;
    }
}
