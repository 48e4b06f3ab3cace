package io.netverify.verifier;

import io.netverify.bab.ActivationSplitting;
import io.netverify.bab.BranchingStrategy;
import io.netverify.bab.InputSplitting;
import io.netverify.bab.UnsafeRegion;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What branch and bound on one case starts from: with the same network, it builds the same strategy
 * in any process (see {@link BranchingExecutor}).
 *
 * @param mode         the branching mode, resolved (not {@link BranchingMode#AUTO})
 * @param box          the case's input box
 * @param regions      the unsafe output regions that bound propagation left open
 * @param intermediate sound intervals of every value over the box from the bound pass; null when
 *                     every method of the pass was cut short
 */
public record BranchingProblem(BranchingMode mode, Interval box, List<UnsafeRegion> regions, Map<String, Interval> intermediate) {
    /**
     * The strategy the mode names, or empty when it is not available: activation splitting needs
     * the intermediate bounds.
     */
    public Optional<BranchingStrategy<?>> strategy(Graph graph) {
        return switch (mode) {
            case INPUT -> Optional.of(new InputSplitting(graph, box, regions, false));
            case INPUT_LP -> Optional.of(new InputSplitting(graph, box, regions, true));
            case ACTIVATION -> intermediate == null ? Optional.empty()
                : Optional.of(new ActivationSplitting(graph, box, regions, intermediate));
            case AUTO -> throw new IllegalArgumentException("resolve the branching mode first");
        };
    }
}
