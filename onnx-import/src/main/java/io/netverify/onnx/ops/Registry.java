package io.netverify.onnx.ops;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An op-type registry: one implementing class per op type (a class literal, checked by the
 * compiler), instantiated by its no-argument constructor on first use and shared from then on.
 * Lazy because making every instance up front cost up to a second of start-up (some relaxations
 * build tables), and class literals rather than constructor references because bootstrapping one
 * lambda per entry cost 0.2-0.3 s more than the reflective lookup by name it replaces.
 * RelaxationRegistryTest and OperatorRegistryTest instantiate every entry.
 */
public final class Registry<T> {
    private final Map<String, Class<? extends T>> classes;
    private final Map<String, T> made = new ConcurrentHashMap<>();

    /** Throws IllegalArgumentException (from {@link Map#ofEntries}) when an op type is listed twice. */
    @SafeVarargs
    public Registry(Map.Entry<String, Class<? extends T>>... entries) {
        this.classes = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(entries)));
    }

    /** The entry of a registry: {@code op("Relu", Relu.class)}. */
    public static <T> Map.Entry<String, Class<? extends T>> op(String type, Class<? extends T> implementation) {
        return Map.entry(type, implementation);
    }

    /** The shared instance for {@code opType}, or empty when it has no entry. */
    public Optional<T> find(String opType) {
        Class<? extends T> c = classes.get(opType);
        return c == null ? Optional.empty() : Optional.of(made.computeIfAbsent(opType, k -> instance(c)));
    }

    private static <T> T instance(Class<? extends T> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c.getName() + " cannot be made by its no-argument constructor", e);
        }
    }

    /** Every op type with an entry, sorted. */
    public Set<String> types() {
        return classes.keySet();
    }
}
