package io.netverify.onnx.ops;

/** ONNX Sum: element-wise sum of one or more broadcast inputs. */
public final class Sum extends ElementwiseVariadic implements Operator {
    @Override
    protected double combine(double acc, double x) {
        return acc + x;
    }
}
