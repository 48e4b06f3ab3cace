package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;

/** Base of the broadcasting comparisons: BOOL results, 1 for true and 0 for false. */
public abstract class Comparison extends ElementwiseBinary {
    /** The comparison of two elements. */
    protected abstract boolean test(double a, double b);

    @Override
    public final double apply(double a, double b) {
        return test(a, b) ? 1 : 0;
    }

    @Override
    protected final DataType outputType(DataType a) {
        return DataType.BOOL;
    }
}
