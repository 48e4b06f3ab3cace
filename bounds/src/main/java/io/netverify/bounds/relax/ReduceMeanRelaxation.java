package io.netverify.bounds.relax;

/** {@code ReduceMean}: each output is the mean of its group. */
public final class ReduceMeanRelaxation extends ReductionRelaxation {
    @Override
    protected boolean mean() {
        return true;
    }
}
