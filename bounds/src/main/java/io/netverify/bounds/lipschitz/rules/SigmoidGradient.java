package io.netverify.bounds.lipschitz.rules;

/** Sigmoid(z): the gradient of z is SigmoidGrad(z, G); the derivative is at most 1/4. */
public final class SigmoidGradient extends DerivativeGradient {
    public SigmoidGradient() {
        super("SigmoidGrad", 0.25);
    }
}
