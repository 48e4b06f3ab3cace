package io.netverify.onnx.ops;

import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds the implementation of an operator by naming convention: for op type {@code T}, the class
 * {@code <package>.<T><suffix>} implementing {@code type}, instantiated once. The convention keeps
 * "one operator, one file": adding an operator needs no registry edit.
 */
public final class PerOperatorLookup<T> {
    private static final Pattern OP_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private final Class<T> type;
    private final String packageName;
    private final String suffix;
    private final Map<String, Optional<T>> cache = new ConcurrentHashMap<>();

    public PerOperatorLookup(Class<T> type, String packageName, String suffix) {
        this.type = type;
        this.packageName = packageName;
        this.suffix = suffix;
    }

    /** The implementation for {@code opType}, or empty when there is none. */
    public Optional<T> find(String opType) {
        return cache.computeIfAbsent(opType, this::load);
    }

    private Optional<T> load(String opType) {
        if (!OP_NAME.matcher(opType).matches()) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName(packageName + "." + opType + suffix);
            if (!type.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                return Optional.empty();
            }
            return Optional.of(type.cast(c.getDeclaredConstructor().newInstance()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("implementation of " + opType + " cannot be instantiated", e);
        }
    }
}
