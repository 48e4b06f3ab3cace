package io.netverify.bab;

import java.util.List;

/**
 * What {@link BranchAndBound} needs of a way to split a verification problem: input splitting, or
 * activation splitting. The driver owns the search order, batching, counterexample checks, memory
 * and the deadline; the strategy bounds and splits domains of type D.
 */
public interface BranchingStrategy<D> {
    /** The domains that together cover the problem (normally one). */
    List<D> roots();

    /**
     * Bounds a batch of domains, in one batched pass or in parallel on all cores; result i belongs to
     * domain i. The deadline (System.nanoTime) may end optimisation early, but every result must be a
     * sound bound.
     */
    List<BoundedDomain<D>> bound(List<D> batch, long deadlineNanos);

    /**
     * The sub-domains of an unverified domain, which together cover it; an empty list when it
     * cannot be split further (the search then ends with {@link BabStatus#UNKNOWN}).
     */
    List<D> branch(BoundedDomain<D> domain);

    /** An estimate of the heap a waiting (bounded) domain occupies, for the memory limit. */
    long bytes(D domain);
}
