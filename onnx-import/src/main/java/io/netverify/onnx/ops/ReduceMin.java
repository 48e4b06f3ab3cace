package io.netverify.onnx.ops;

/** ONNX ReduceMin: minimum over the reduced axes (NaN propagates; +inf over no elements) (axes and keepdims as in {@link Reduction}). */
public final class ReduceMin extends Reduction implements Operator {
    @Override
    protected double identity() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    protected double combine(double acc, double x) {
        return Math.min(acc, x);
    }
}
