package io.netverify.bounds.relax;

/** {@code ReduceSum}: each output is the sum of its group. */
public final class ReduceSumRelaxation extends ReductionRelaxation {
    @Override
    protected boolean mean() {
        return false;
    }
}
