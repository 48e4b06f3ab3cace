package io.netverify.bounds.relax;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The alpha-CROWN parameters of one bound computation: per node, a {@code rows x count} array (one
 * value per bounded function and relaxed neuron). Relaxations read them during the backward pass;
 * the optimiser updates them in place between passes and records the gradient alongside.
 */
public final class AlphaParameters {
    private final Map<String, double[]> values = new HashMap<>();
    private final Map<String, double[]> gradients = new HashMap<>();

    double[] get(String node, int rows, int count, IntToDoubleFunction init) {
        return values.computeIfAbsent(node, k -> {
            double[] a = new double[rows * count];
            for (int i = 0; i < a.length; i++) {
                a[i] = init.applyAsDouble(i % count);
            }
            return a;
        });
    }

    /** Gradient accumulator of a node's parameters (same layout), zero-initialised. */
    public double[] gradient(String node) {
        return gradients.computeIfAbsent(node, k -> new double[values.get(node).length]);
    }

    public Map<String, double[]> values() {
        return values;
    }

    public Map<String, double[]> gradients() {
        return gradients;
    }
}
