package io.netverify.bounds.lipschitz.rules;

/** Max(x_1, ..., x_n): G to the largest argument (shared at ties). See {@link ExtremumGradient}. */
public final class MaxGradient extends ExtremumGradient {
    public MaxGradient() {
        super(true);
    }
}
