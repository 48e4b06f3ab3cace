package io.netverify.bounds.relax;

/** {@code Add(a, b)} of two bounded tensors, with broadcasting: exact. */
public final class AddRelaxation extends SignedSumRelaxation {
    public AddRelaxation() {
        super(1);
    }
}
