package io.netverify.bab;

import io.netverify.bounds.BranchingCandidates;
import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Split;

import java.util.List;

/**
 * A domain of activation splitting: the root box with split constraints on neurons, the optimised
 * state to warm-start its children, and the unsafe regions (indices) still open on it.
 *
 * @param next the neuron to split next, chosen when the domain was bounded (null before, or when no
 *             neuron is left to split)
 */
public record ActivationDomain(List<Split> splits, DomainBounder.State state, int[] open, BranchingCandidates.Candidate next) {
}
