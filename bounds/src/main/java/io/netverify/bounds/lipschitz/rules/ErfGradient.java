package io.netverify.bounds.lipschitz.rules;

/** Erf(z): the gradient of z is ErfGrad(z, G); the derivative is at most 2/sqrt(pi) (rounded up). */
public final class ErfGradient extends DerivativeGradient {
    public ErfGradient() {
        super("ErfGrad", Math.nextUp(Math.nextUp(2 / Math.sqrt(Math.PI))));
    }
}
