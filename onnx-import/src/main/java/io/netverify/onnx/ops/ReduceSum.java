package io.netverify.onnx.ops;

/** ONNX ReduceSum: sum over the reduced axes (axes and keepdims as in {@link Reduction}). */
public final class ReduceSum extends Reduction implements Operator {
    @Override
    protected double identity() {
        return 0;
    }

    @Override
    protected double combine(double acc, double x) {
        return acc + x;
    }
}
