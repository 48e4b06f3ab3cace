package io.netverify.verifier;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Graph;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Certifies a violation at an input that no double can hold, e.g. a spec fixing {@code X_2 = -0.98000001907}
 * exactly: no double lies in such a case's exact box, so no witness can pass the exact check. Around a
 * candidate x, the case's {@link InputBox#enclosureAround one-ulp box} B contains a point of the exact box;
 * when sound bounds (IBP, then CROWN) show that every real point of B maps into one unsafe polytope, with
 * each row's upper bound at most its exact right-hand side rounded down, and the case's extra input
 * constraints hold on all of B exactly, that exact point violates the property. The reported witness is
 * B's double nearest the exact point, which must also violate the polytope under every given evaluation
 * (float64 and float32), as any reported witness does.
 */
final class ExactPointViolation {
    /**
     * Bound proofs tried per verification: a candidate whose box cannot be proved costs an IBP and a
     * CROWN pass, and branch and bound may hand many candidates from the same neighbourhood.
     */
    private static final int MAX_PROOFS = 8;

    private final Graph graph;
    private final Specification spec;
    private final List<UnaryOperator<double[]>> evaluations;
    private final long deadline;
    private final AtomicInteger proofsLeft = new AtomicInteger(MAX_PROOFS);

    /**
     * @param evaluations the evaluations of the network a witness must violate the property under
     * @param deadline    System.nanoTime after which CROWN falls back to interval bounds
     */
    ExactPointViolation(Graph graph, Specification spec, List<UnaryOperator<double[]>> evaluations, long deadline) {
        this.graph = graph;
        this.spec = spec;
        this.evaluations = List.copyOf(evaluations);
        this.deadline = deadline;
    }

    /** The witness of a proven violation at the exact point near x, or empty. */
    Optional<double[]> near(double[] x) {
        for (SpecCase c : spec.cases()) {
            InputBox.Enclosure b = c.box().enclosureAround(x);
            if (b == null || !c.inputConstraints().satisfiedOnBox(b.lower(), b.upper())) {
                continue;
            }
            List<double[]> outputs = evaluations.stream().map(e -> e.apply(b.witness())).toList();
            for (OutputPolytope p : c.polytopes()) {
                if (outputs.stream().allMatch(p::contains) && proves(b, p)) {
                    return Optional.of(b.witness());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether every real point of the box maps into the polytope: each row's upper bound at most its right-hand side rounded down. */
    private boolean proves(InputBox.Enclosure b, OutputPolytope p) {
        if (proofsLeft.getAndDecrement() <= 0) {
            return false;
        }
        Interval box = new Interval(b.lower(), b.upper());
        double[][] rows = BranchAndBoundProof.regions(graph, List.of(p)).get(0).c();
        try {
            for (BoundMethod m : List.of(BoundMethod.IBP, BoundMethod.CROWN)) {
                Bounds bounds = BoundPropagator.of(graph).method(m).deadline(deadline).compute(box, rows, new double[rows.length]);
                if (inside(bounds.upper(), p)) {
                    return true;
                }
            }
        } catch (NoRelaxationException | IllegalArgumentException e) {
            return false; // a network the propagator cannot bound: nothing is proved
        }
        return false;
    }

    private static boolean inside(double[] upper, OutputPolytope p) {
        for (int k = 0; k < upper.length; k++) {
            if (!(upper[k] <= p.rhsDown(k))) {
                return false;
            }
        }
        return true;
    }
}
