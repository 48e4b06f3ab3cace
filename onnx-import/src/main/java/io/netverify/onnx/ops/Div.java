package io.netverify.onnx.ops;

/** ONNX Div with numpy broadcasting: {@code a / b}; integer types truncate toward zero. */
public final class Div extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double a, double b) {
        return a / b;
    }
}
