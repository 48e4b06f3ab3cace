package io.netverify.bounds.relax;

/** {@code Sub(a, b)} of two bounded tensors, with broadcasting: exact. */
public final class SubRelaxation extends SignedSumRelaxation {
    public SubRelaxation() {
        super(-1);
    }
}
