package io.netverify.bounds.relax;

import java.util.function.IntToDoubleFunction;

/**
 * alpha-CROWN parameters that interpolate between two sound relaxations, so every value in [0, 1]
 * is feasible. The optimiser may step outside; a step reads a clamped copy, which the linearisation
 * and gradient it records then share.
 */
final class Alphas {
    private Alphas() {
    }

    /** The node's parameters ({@code rows x count}) clamped to [0, 1], or null when not optimising. */
    static double[] unit(BackwardStep step, int count, IntToDoubleFunction init) {
        double[] raw = step.alpha(count, init);
        if (raw == null) {
            return null;
        }
        double[] a = new double[raw.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Double.isNaN(raw[i]) ? init.applyAsDouble(i % count) : Math.min(1, Math.max(0, raw[i]));
        }
        return a;
    }
}
