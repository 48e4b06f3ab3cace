package io.netverify.bounds.lipschitz;

import io.netverify.bounds.Interval;

/**
 * A certified local Lipschitz bound of one output weighting c over a box.
 *
 * @param upper      a sound bound: {@code upper >= sup_x ||c^T J(x)||} (dual norm of the input norm)
 *                   over the box, for every element J(x) of the Clarke generalised Jacobian
 * @param lower      the largest gradient norm found by sampling (a lower bound of the supremum)
 * @param witness    the point where {@code lower} was found
 * @param naive      the naive bound (product of operator norms over the whole input space)
 * @param entries    sound bounds of every entry of {@code c^T J(x)} over the box (flattened input order)
 * @param derivation how {@code upper} was obtained (e.g. for l_2, from the per-entry bounds)
 */
public record LipschitzBound(Lipschitz.Method method, InputNorm norm, double upper, double lower, double[] witness,
                             double naive, Interval entries, String derivation) {
}
