package io.netverify.onnx.ops;

import java.util.Optional;

/**
 * Finds the {@link Operator} for an operator type. The implementation of op type {@code T} is the
 * class {@code io.netverify.onnx.ops.T}: supporting a new operator means adding that one class.
 *
 * <p>Besides ONNX operators, normalisation produces these project operators:
 * <ul>
 *   <li>{@code Linear}(x, W[out,in], b[out]?): {@code y[..., o] = sum_i x[..., i] W[o, i] + b[o]}</li>
 *   <li>{@code Affine}(x, scale, shift): element-wise {@code x * scale + shift}, constants broadcast to x</li>
 *   <li>{@code View}(x) with int list attribute {@code shape}: the same elements in a new static shape</li>
 *   <li>{@code ReluGrad}, {@code LeakyReluGrad}, {@code SigmoidGrad}, {@code TanhGrad}(z, g): {@code f'(z) g}, in Jacobian graphs</li>
 *   <li>{@code Gelu}(x) with string attribute {@code approximate} ("none" = erf form, or "tanh"), as ONNX opset 20</li>
 * </ul>
 */
public final class Operators {
    private static final PerOperatorLookup<Operator> LOOKUP =
        new PerOperatorLookup<>(Operator.class, Operators.class.getPackageName(), "");

    private Operators() {
    }

    /** The operator for {@code opType}, or empty when unsupported. */
    public static Optional<Operator> find(String opType) {
        return LOOKUP.find(opType);
    }

    public static boolean isSupported(String opType) {
        return find(opType).isPresent();
    }
}
