package io.netverify.onnx.ops;

/** ONNX Mean: element-wise mean of one or more broadcast inputs. */
public final class Mean extends ElementwiseVariadic implements Operator {
    @Override
    protected double combine(double acc, double x) {
        return acc + x;
    }

    @Override
    protected double finish(double acc, int count) {
        return acc / count;
    }
}
