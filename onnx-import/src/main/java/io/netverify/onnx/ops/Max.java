package io.netverify.onnx.ops;

/** ONNX Max: element-wise maximum of one or more broadcast inputs (NaN propagates). */
public final class Max extends ElementwiseVariadic implements Operator {
    @Override
    protected double combine(double acc, double x) {
        return Math.max(acc, x);
    }
}
