package io.netverify.bounds.lipschitz.rules;

/** ReduceMin(x): each group's G to its smallest element. See {@link ReducedExtremumGradient}. */
public final class ReduceMinGradient extends ReducedExtremumGradient {
    public ReduceMinGradient() {
        super(false);
    }
}
