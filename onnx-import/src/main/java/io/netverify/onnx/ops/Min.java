package io.netverify.onnx.ops;

/** ONNX Min: element-wise minimum of one or more broadcast inputs (NaN propagates). */
public final class Min extends ElementwiseVariadic implements Operator {
    @Override
    protected double combine(double acc, double x) {
        return Math.min(acc, x);
    }
}
