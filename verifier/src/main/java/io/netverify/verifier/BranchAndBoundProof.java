package io.netverify.verifier;

import io.netverify.bab.UnsafeRegion;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Branch and bound on one case that bound propagation left open: the {@link BranchingProblem} whose
 * strategy the {@link BranchingMode} names (after {@link BranchingMode#resolve}).
 */
final class BranchAndBoundProof {
    private BranchAndBoundProof() {
    }

    /** The problem of branching on a case with a mode (after {@link BranchingMode#resolve}). */
    static BranchingProblem problem(Graph graph, SpecCase sc, List<OutputPolytope> open, BranchingMode mode,
                                    Map<String, Interval> intermediate) {
        // the box contains the case's input region, so bounds over it are sound for the case
        return new BranchingProblem(mode, new Interval(sc.box().lower(), sc.box().upper()), regions(graph, open), intermediate);
    }

    /** The polytopes as unsafe regions of the network's output (rows padded to the output size). */
    static List<UnsafeRegion> regions(Graph graph, List<OutputPolytope> polytopes) {
        int outputs = graph.shape(graph.outputs().get(0)).size();
        return polytopes.stream().map(p -> new UnsafeRegion(
            Arrays.stream(p.c()).map(r -> Arrays.copyOf(r, outputs)).toArray(double[][]::new), p.d())).toList();
    }
}
