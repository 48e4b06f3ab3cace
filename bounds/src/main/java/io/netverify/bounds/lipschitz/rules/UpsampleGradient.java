package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.relax.UpsampleRelaxation;

/** Upsample with constant scales (nearest or linear): see {@link ResamplingGradient}. */
public final class UpsampleGradient extends ResamplingGradient {
    public UpsampleGradient() {
        super(new UpsampleRelaxation());
    }
}
