package io.netverify.verifier;

import io.netverify.bab.BranchingStrategy;
import io.netverify.onnx.Graph;

import java.util.Optional;

/**
 * Where branch and bound's domains are bounded: in this process ({@link #LOCAL}), or elsewhere, by
 * a strategy that sends the batches of the problem's own strategy to other processes (the optional
 * cluster module does). The search itself (the frontier, the global bound, witness checks) stays
 * with the caller of {@link Verifier#verify}.
 */
public interface BranchingExecutor {
    /** Bounds in this process, with the problem's own strategy. */
    BranchingExecutor LOCAL = (graph, problem) -> problem.strategy(graph);

    /** The strategy to search {@code problem} with, or empty when its mode is not available. */
    Optional<BranchingStrategy<?>> strategy(Graph graph, BranchingProblem problem);
}
