package io.netverify.bounds.lipschitz.rules;

/** Log(z): the gradient of z is {@code G / z}, PowGrad with p = 0, k = 1. */
public final class LogGradient extends PowerGradient {
    public LogGradient() {
        super(0, 1);
    }
}
