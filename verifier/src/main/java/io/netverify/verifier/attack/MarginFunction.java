package io.netverify.verifier.attack;

/**
 * How far an input is from violating the property: {@code value(x, y) <= 0} means the input x with
 * network output y is a counterexample. Smaller is closer to one.
 */
@FunctionalInterface
public interface MarginFunction {
    double value(double[] x, double[] y);
}
