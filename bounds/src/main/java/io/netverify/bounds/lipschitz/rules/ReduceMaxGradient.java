package io.netverify.bounds.lipschitz.rules;

/** ReduceMax(x): each group's G to its largest element. See {@link ReducedExtremumGradient}. */
public final class ReduceMaxGradient extends ReducedExtremumGradient {
    public ReduceMaxGradient() {
        super(true);
    }
}
