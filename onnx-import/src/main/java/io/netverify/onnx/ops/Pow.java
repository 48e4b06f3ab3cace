package io.netverify.onnx.ops;

/** ONNX Pow with numpy broadcasting: {@code a^b} with a tensor or constant exponent; the result has the base's type. */
public final class Pow extends ElementwiseBinary implements Operator {
    @Override
    public double apply(double a, double b) {
        return Math.pow(a, b);
    }
}
