package io.netverify.bab;

/**
 * The outcome of a branch-and-bound search.
 *
 * @param witness    the confirmed counterexample when {@link BabStatus#FALSIFIED}, else null
 * @param visited    domains bounded
 * @param worstBound the least lower bound of the domains left open (positive infinity when none)
 * @param peakOpen   the most domains that waited at once
 */
public record BabResult(BabStatus status, double[] witness, long visited, double worstBound, int peakOpen,
                        double seconds) {
}
