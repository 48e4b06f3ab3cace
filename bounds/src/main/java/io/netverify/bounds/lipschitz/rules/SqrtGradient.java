package io.netverify.bounds.lipschitz.rules;

/** Sqrt(z): the gradient of z is {@code G / (2 sqrt z)}, PowGrad with p = k = 1/2 (infinite where z's interval reaches 0). */
public final class SqrtGradient extends PowerGradient {
    public SqrtGradient() {
        super(0.5, 0.5);
    }
}
