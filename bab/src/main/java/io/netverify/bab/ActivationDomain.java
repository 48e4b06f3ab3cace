package io.netverify.bab;

import io.netverify.bounds.BranchingCandidates;
import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;

import java.util.List;
import java.util.Map;

/**
 * A domain of activation splitting: the root box with split constraints on neurons, the optimised
 * state to warm-start its children, and the unsafe regions (indices) still open on it.
 *
 * @param next        the neuron to split next, chosen when the domain was bounded (null before, or
 *                    when no neuron is left to split)
 * @param tightened   intervals of values this domain or an ancestor tightened by LP (they hold on the
 *                    domain and on its sub-domains only); empty when none
 * @param parentBound the bound of the domain this one was split from (negative infinity for the root)
 * @param childOpen   the regions left open on the two children of splitting at {@code next} (below, above),
 *                    as far as a sound estimate of their bounds shows; null: {@code open} for both
 */
public record ActivationDomain(List<Split> splits, DomainBounder.State state, int[] open, BranchingCandidates.Candidate next,
                               Map<String, Interval> tightened, double parentBound, int[][] childOpen) {
    /** A domain whose children start with all of its open regions. */
    public ActivationDomain(List<Split> splits, DomainBounder.State state, int[] open, BranchingCandidates.Candidate next,
                            Map<String, Interval> tightened, double parentBound) {
        this(splits, state, open, next, tightened, parentBound, null);
    }

    /** The root domain: no splits, nothing tightened. */
    static ActivationDomain root(int[] open) {
        return new ActivationDomain(List.of(), DomainBounder.State.initial(), open, null, Map.of(), Double.NEGATIVE_INFINITY);
    }

    /**
     * This domain after bounding: its optimised state, the regions still open, the neuron to split
     * next and the regions left open on its children (null: all of {@code stillOpen}).
     */
    ActivationDomain bounded(DomainBounder.State optimised, int[] stillOpen, BranchingCandidates.Candidate split,
                             Map<String, Interval> tightenedNow, int[][] childrenOpen) {
        return new ActivationDomain(splits, optimised, stillOpen, split, tightenedNow, parentBound, childrenOpen);
    }
}
