package io.netverify.onnx.ops;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds the {@link Operator} for an operator type. The implementation of op type {@code T} is the
 * class {@code io.netverify.onnx.ops.T}: supporting a new operator means adding that one class.
 *
 * <p>Besides ONNX operators, normalisation produces these project operators:
 * <ul>
 *   <li>{@code Linear}(x, W[out,in], b[out]?): {@code y[..., o] = sum_i x[..., i] W[o, i] + b[o]}</li>
 *   <li>{@code Affine}(x, scale, shift): element-wise {@code x * scale + shift}, constants broadcast to x</li>
 *   <li>{@code View}(x) with int list attribute {@code shape}: the same elements in a new static shape</li>
 *   <li>{@code Gelu}(x) with string attribute {@code approximate} ("none" = erf form, or "tanh"), as ONNX opset 20</li>
 * </ul>
 */
public final class Operators {
    private static final Pattern OP_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Map<String, Optional<Operator>> CACHE = new ConcurrentHashMap<>();

    private Operators() {
    }

    /** The operator for {@code opType}, or empty when unsupported. */
    public static Optional<Operator> find(String opType) {
        return CACHE.computeIfAbsent(opType, Operators::load);
    }

    public static boolean isSupported(String opType) {
        return find(opType).isPresent();
    }

    private static Optional<Operator> load(String opType) {
        if (!OP_NAME.matcher(opType).matches()) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName(Operators.class.getPackageName() + "." + opType);
            if (!Operator.class.isAssignableFrom(c) || c.isInterface()) {
                return Optional.empty();
            }
            return Optional.of((Operator) c.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("operator class for " + opType + " cannot be instantiated", e);
        }
    }
}
