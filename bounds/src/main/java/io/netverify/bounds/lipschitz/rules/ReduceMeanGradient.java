package io.netverify.bounds.lipschitz.rules;

/** ReduceMean(x): every element of x gets the G of its group divided by the group's size. See {@link GroupSpreadGradient}. */
public final class ReduceMeanGradient extends GroupSpreadGradient {
    public ReduceMeanGradient() {
        super(true);
    }
}
