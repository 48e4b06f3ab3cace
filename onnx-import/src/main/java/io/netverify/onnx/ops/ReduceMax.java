package io.netverify.onnx.ops;

/** ONNX ReduceMax: maximum over the reduced axes (NaN propagates; -inf over no elements) (axes and keepdims as in {@link Reduction}). */
public final class ReduceMax extends Reduction implements Operator {
    @Override
    protected double identity() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    protected double combine(double acc, double x) {
        return Math.max(acc, x);
    }
}
