package io.netverify.verifier.certify;

/**
 * The outcome for one point at one eps.
 *
 * @param index          the point's position in the data (0-based)
 * @param label          its label
 * @param prediction     the network's top class on the clean point (exact float64 evaluation)
 * @param eps            the radius
 * @param verdict        certified, falsified, unknown or error
 * @param marginLower    a sound lower bound of {@code min_j (y_label - y_j)} over the box from the
 *                       tightest bound method that ran (NaN when none ran)
 * @param decidedBy      what decided: clean, ibp, crown, alpha-crown, pgd, complete (the verifier);
 *                       for unknown, the last stage tried, or "budget" when the total budget ran out
 * @param seconds        time spent on this point (a share of the batch for batched stages)
 * @param counterexample for falsified, the violating input as the network sees it (normalised); else null
 * @param cached         whether the outcome came from the cache
 */
public record PointResult(int index, int label, int prediction, double eps, PointVerdict verdict, double marginLower,
                          String decidedBy, double seconds, double[] counterexample, boolean cached) {
}
