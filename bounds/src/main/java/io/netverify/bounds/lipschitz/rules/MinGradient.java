package io.netverify.bounds.lipschitz.rules;

/** Min(x_1, ..., x_n): G to the smallest argument (shared at ties). See {@link ExtremumGradient}. */
public final class MinGradient extends ExtremumGradient {
    public MinGradient() {
        super(false);
    }
}
