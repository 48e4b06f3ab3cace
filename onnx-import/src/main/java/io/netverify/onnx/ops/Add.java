package io.netverify.onnx.ops;

/** ONNX Add with numpy broadcasting: {@code a + b}. */
public final class Add extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double a, double b) {
        return a + b;
    }
}
