package io.netverify.bounds.relax;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The alpha-CROWN state of one bound computation: per node, the parameters ({@code rows x count}
 * values, one per bounded function and relaxation parameter), and what the last backward pass
 * recorded to compute their gradient.
 */
public final class AlphaParameters {
    private final Map<String, double[]> values = new HashMap<>();
    private final Map<String, Linearization> linearizations = new HashMap<>();
    private final Map<String, AlphaGradient> gradients = new HashMap<>();

    double[] get(String node, int rows, int count, IntToDoubleFunction init) {
        return values.computeIfAbsent(node, k -> {
            double[] a = new double[rows * count];
            for (int i = 0; i < a.length; i++) {
                a[i] = init.applyAsDouble(i % count);
            }
            return a;
        });
    }

    void record(String node, Linearization lin) {
        linearizations.put(node, lin);
    }

    void record(String node, AlphaGradient g) {
        gradients.put(node, g);
    }

    /** A copy of the parameters (not of what a pass recorded), e.g. to warm-start a child domain. */
    public AlphaParameters copy() {
        AlphaParameters c = new AlphaParameters();
        values.forEach((k, v) -> c.values.put(k, v.clone()));
        return c;
    }

    /** Forgets what the previous backward pass recorded (parameters stay). */
    public void startPass() {
        linearizations.clear();
        gradients.clear();
    }

    public Map<String, double[]> values() {
        return values;
    }

    /** The linearisation a node recorded in the last pass, or null (linear nodes record none). */
    public Linearization linearization(String node) {
        return linearizations.get(node);
    }

    public AlphaGradient gradient(String node) {
        return gradients.get(node);
    }
}
