package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.relax.ResizeRelaxation;

/** Resize with constant roi, scales or sizes (nearest, linear or cubic): see {@link ResamplingGradient}. */
public final class ResizeGradient extends ResamplingGradient {
    public ResizeGradient() {
        super(new ResizeRelaxation());
    }
}
