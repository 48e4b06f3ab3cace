package io.netverify.bab;

import java.util.List;

/**
 * A search for counterexamples that {@link BranchAndBound} runs when its proof stalls, e.g. a longer
 * attack than the one run before branching. Whatever it returns is checked by the search's
 * {@link WitnessCheck} like any domain's candidate, so it need not be sound.
 */
@FunctionalInterface
public interface StallAttack {
    /**
     * Candidate counterexamples found by {@code deadlineNanos} (on the search's clock).
     *
     * @param starts candidates of the worst open domains (their relaxations' minimisers, say), worst first;
     *               may be empty
     */
    List<double[]> search(List<double[]> starts, long deadlineNanos);
}
