package io.netverify.onnx.ops;

/** ONNX ReduceMean: arithmetic mean over the reduced axes (axes and keepdims as in {@link Reduction}). */
public final class ReduceMean extends Reduction implements Operator {
    @Override
    protected double identity() {
        return 0;
    }

    @Override
    protected double combine(double acc, double x) {
        return acc + x;
    }

    @Override
    protected double finish(double acc, int count) {
        return acc / count;
    }
}
