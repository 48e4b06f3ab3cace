package io.netverify.onnx.ops;

/** ONNX ReduceProd: product over the reduced axes (axes and keepdims as in {@link Reduction}). */
public final class ReduceProd extends Reduction implements Operator {
    @Override
    protected double identity() {
        return 1;
    }

    @Override
    protected double combine(double acc, double x) {
        return acc * x;
    }
}
