package io.netverify.onnx.ops;

/** ONNX Less with numpy broadcasting: {@code a < b} as a BOOL tensor. */
public final class Less extends Comparison implements Operator {
    @Override
    protected boolean test(double a, double b) {
        return a < b;
    }
}
