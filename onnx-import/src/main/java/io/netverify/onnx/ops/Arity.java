package io.netverify.onnx.ops;

import java.util.List;

/** Checks of the number of inputs a node has, shared by the operators of this package. */
final class Arity {
    private Arity() {
    }

    /**
     * Requires between {@code min} and {@code max} inputs, the first {@code min} of them present
     * (an omitted optional input is null).
     */
    static void check(List<?> inputs, int min, int max) {
        if (inputs.size() < min || inputs.size() > max) {
            String expected = min == max ? String.valueOf(min)
                : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw new IllegalArgumentException("expects " + expected + " inputs, got " + inputs.size());
        }
        for (int i = 0; i < min; i++) {
            if (inputs.get(i) == null) {
                throw new IllegalArgumentException("input " + i + " is required but omitted");
            }
        }
    }

    /** Input {@code i}, or null when the node omits it. */
    static <T> T optional(List<T> inputs, int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }
}
