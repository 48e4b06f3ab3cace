package io.netverify.verifier.spec;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A VNN-LIB property in normal form. The property is VIOLATED iff for some case there is an input x
 * in the case's input region whose network output y lies in one of the case's output polytopes; it
 * holds when no case can be violated. Inputs are {@code X_0..X_{numInputs-1}}, outputs
 * {@code Y_0..Y_{numOutputs-1}}, in the network's flattened (row-major) order.
 */
public record Specification(int numInputs, int numOutputs, List<SpecCase> cases) {
    public Specification {
        cases = List.copyOf(cases);
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("a specification needs at least one case");
        }
        for (SpecCase c : cases) {
            if (c.box().dimension() != numInputs) {
                throw new IllegalArgumentException("case box has " + c.box().dimension() + " inputs, expected " + numInputs);
            }
            for (OutputPolytope p : c.polytopes()) {
                LinearRows.check(p.c(), p.d(), numOutputs, "output polytope");
            }
        }
    }

    /** Whether (x, y) is a counterexample for some case, compared exactly with the file's constants. */
    public boolean isViolatedBy(double[] x, double[] y) {
        for (SpecCase c : cases) {
            if (c.isViolatedBy(x, y)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A counterexample at or next to x: x itself, or x moved by rounding steps into a case's exact
     * input box ({@link InputBox#nearestInside}), whose outputs under every given evaluation violate
     * that case, compared exactly. Searches run over the rounded-out boxes and may end just outside.
     */
    public Optional<double[]> counterexampleNear(double[] x, List<UnaryOperator<double[]>> evaluations) {
        double[][] atX = new double[evaluations.size()][];
        for (SpecCase c : cases) {
            double[] p = c.box().nearestInside(x);
            if (p == null || !c.inputConstraints().satisfiedBy(p)) {
                continue;
            }
            boolean violated = true;
            for (int e = 0; e < evaluations.size() && violated; e++) {
                double[] y;
                if (p == x) {
                    if (atX[e] == null) {
                        atX[e] = evaluations.get(e).apply(x);
                    }
                    y = atX[e];
                } else {
                    y = evaluations.get(e).apply(p);
                }
                violated = c.isUnsafeOutput(y);
            }
            if (violated) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Checks that the spec's variables match a network with the given flattened input and output sizes. */
    public void checkDimensions(int networkInputs, int networkOutputs, String fileName) {
        if (networkInputs != numInputs || networkOutputs != numOutputs) {
            throw new SpecException(fileName + ": the specification declares " + numInputs + " inputs and "
                + numOutputs + " outputs, but the network has " + networkInputs + " inputs and "
                + networkOutputs + " outputs");
        }
    }
}
