package io.netverify.bounds.lipschitz.rules;

/** ReduceSum(x): every element of x gets the G of its group. See {@link GroupSpreadGradient}. */
public final class ReduceSumGradient extends GroupSpreadGradient {
    public ReduceSumGradient() {
        super(false);
    }
}
