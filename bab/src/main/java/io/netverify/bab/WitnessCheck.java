package io.netverify.bab;

import java.util.Optional;

/**
 * Exact check of a candidate counterexample (e.g. exact evaluation of the network and of the
 * property): returns the confirmed witness, which may differ from the candidate (after a local
 * search, say), or empty.
 */
@FunctionalInterface
public interface WitnessCheck {
    Optional<double[]> confirm(double[] candidate);
}
