package io.netverify.bounds.lipschitz.rules;

/** Reciprocal(z): the gradient of z is {@code -G / z^2}, PowGrad with p = k = -1. */
public final class ReciprocalGradient extends PowerGradient {
    public ReciprocalGradient() {
        super(-1, -1);
    }
}
