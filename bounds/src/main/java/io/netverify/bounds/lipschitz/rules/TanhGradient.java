package io.netverify.bounds.lipschitz.rules;

/** Tanh(z): the gradient of z is TanhGrad(z, G); the derivative is at most 1. */
public final class TanhGradient extends DerivativeGradient {
    public TanhGradient() {
        super("TanhGrad", 1);
    }
}
