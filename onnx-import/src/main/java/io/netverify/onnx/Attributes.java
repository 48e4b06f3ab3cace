package io.netverify.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attributes of a node: ints are {@code Long}, floats {@code Double}, strings {@code String},
 * tensors {@link Tensor}, lists {@code long[]}, {@code double[]} or {@code String[]}. Immutable.
 */
public final class Attributes {
    public static final Attributes EMPTY = new Attributes(Map.of());

    private final Map<String, Object> values;

    public Attributes(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public long getInt(String name, long defaultValue) {
        Object v = values.get(name);
        return v == null ? defaultValue : ((Number) v).longValue();
    }

    public double getFloat(String name, double defaultValue) {
        Object v = values.get(name);
        return v == null ? defaultValue : ((Number) v).doubleValue();
    }

    public String getString(String name, String defaultValue) {
        Object v = values.get(name);
        return v == null ? defaultValue : (String) v;
    }

    /** An int list attribute, or the default (may be null) when absent. */
    public long[] getInts(String name, long[] defaultValue) {
        Object v = values.get(name);
        return v == null ? defaultValue : ((long[]) v).clone();
    }

    public double[] getFloats(String name, double[] defaultValue) {
        Object v = values.get(name);
        return v == null ? defaultValue : ((double[]) v).clone();
    }

    public Tensor getTensor(String name) {
        return (Tensor) values.get(name);
    }

    /**
     * Attributes from alternating names and values, in order: {@code of("strides", new long[] {2, 2}, "group", 1L)}.
     *
     * @param nameValue name (a String), value, name, value...
     * @return the attributes
     */
    public static Attributes of(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return new Attributes(m);
    }

    /** A copy with one attribute set. */
    public Attributes with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new Attributes(m);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
