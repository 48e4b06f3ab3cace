package io.netverify.training;

import java.util.Arrays;

/** A trainable tensor of a network: its values and the gradient of the last loss with respect to them. */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final double[] value;
    private final double[] gradient;

    Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        this.value = new double[Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        this.gradient = new double[value.length];
    }

    /** {@return the name (layer and role, as in the exported ONNX initializer)} */
    public String name() {
        return name;
    }

    /** {@return the tensor shape} */
    public int[] shape() {
        return shape.clone();
    }

    /** {@return the values (row-major), shared: optimisers update them in place} */
    public double[] value() {
        return value;
    }

    /** {@return the gradient accumulated since the last {@link #zeroGradient()}, shared} */
    public double[] gradient() {
        return gradient;
    }

    /** Sets the gradient to 0. */
    public void zeroGradient() {
        Arrays.fill(gradient, 0);
    }
}
