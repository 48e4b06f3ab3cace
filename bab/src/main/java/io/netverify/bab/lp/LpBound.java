package io.netverify.bab.lp;

/**
 * The answer of an LP relaxation: {@code lowerBound} is rigorous (recomputed by
 * {@link SafeLpBound}; -infinity when nothing could be proven, +infinity for a domain proven empty);
 * {@code lpValue} and {@code input} (the LP's input point, clamped into the box; null without one)
 * are the solver's approximate answer, e.g. a counterexample candidate.
 */
public record LpBound(double lowerBound, LpStatus status, double lpValue, double[] input) {
    static LpBound empty() {
        return new LpBound(Double.POSITIVE_INFINITY, LpStatus.INFEASIBLE, Double.POSITIVE_INFINITY, null);
    }
}
