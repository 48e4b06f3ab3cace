package io.netverify.training;

/**
 * Gradients w.r.t. a layer's IBP input box that its CROWN reverse pass produces (through the box the
 * relaxation was built on), held until the IBP reverse pass reaches the layer and adds them to its own.
 */
final class PendingBoxGradient {
    private Box pending;

    /** Forgets what a previous pass left (a new forward pass starts). */
    void clear() {
        pending = null;
    }

    /** Adds g to what is held. */
    void hold(Box g) {
        if (pending == null) {
            pending = g;
        } else {
            pending.add(g);
        }
    }

    /** Adds what is held to g, then holds nothing; returns g. */
    Box drainInto(Box g) {
        if (pending != null) {
            g.add(pending);
            pending = null;
        }
        return g;
    }
}
