package io.netverify.verifier;

import io.netverify.bab.ActivationSplitting;
import io.netverify.bab.BranchingStrategy;
import io.netverify.bab.InputSplitting;
import io.netverify.bab.UnsafeRegion;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Branch and bound on one case that bound propagation left open, with the strategy that the
 * {@link BranchingMode} names (after {@link BranchingMode#resolve}).
 */
final class BranchAndBoundProof {
    private BranchAndBoundProof() {
    }

    /**
     * The strategy for a mode, or empty when the mode is not available: activation splitting needs
     * the intermediate bounds over the case's box that the bound pass left ({@code intermediate}).
     */
    static Optional<BranchingStrategy<?>> strategy(Graph graph, SpecCase sc, List<OutputPolytope> open, BranchingMode mode,
                                                   Map<String, Interval> intermediate) {
        List<UnsafeRegion> regions = regions(graph, open);
        // the box contains the case's input region, so bounds over it are sound for the case
        Interval box = new Interval(sc.box().lower(), sc.box().upper());
        return switch (mode) {
            case INPUT -> Optional.of(new InputSplitting(graph, box, regions, false));
            case INPUT_LP -> Optional.of(new InputSplitting(graph, box, regions, true));
            case ACTIVATION -> intermediate == null ? Optional.empty()
                : Optional.of(new ActivationSplitting(graph, box, regions, intermediate));
            case AUTO -> throw new IllegalArgumentException("resolve the branching mode first");
        };
    }

    /** The polytopes as unsafe regions of the network's output (rows padded to the output size). */
    static List<UnsafeRegion> regions(Graph graph, List<OutputPolytope> polytopes) {
        int outputs = graph.shape(graph.outputs().get(0)).size();
        return polytopes.stream().map(p -> new UnsafeRegion(
            Arrays.stream(p.c()).map(r -> Arrays.copyOf(r, outputs)).toArray(double[][]::new), p.d())).toList();
    }
}
