package io.netverify.verifier.spec;

import java.util.List;

/**
 * One disjunct of a specification: an input region (the box, plus extra input constraints when the
 * file compares two inputs) and the unsafe output polytopes for it. The case is violated by x if x
 * is in the region and its output y lies in at least one polytope.
 */
public record SpecCase(InputBox box, InputConstraints inputConstraints, List<OutputPolytope> polytopes) {
    public SpecCase {
        polytopes = List.copyOf(polytopes);
        if (polytopes.isEmpty()) {
            throw new IllegalArgumentException("a specification case needs at least one output polytope");
        }
        LinearRows.check(inputConstraints.a(), inputConstraints.b(), box.dimension(), "input constraints");
    }

    /** Whether x lies in the box and satisfies the extra input constraints, compared exactly. */
    public boolean containsInput(double[] x) {
        return box.contains(x) && inputConstraints.satisfiedBy(x);
    }

    /** Whether y lies in some output polytope, compared exactly with the file's constants. */
    public boolean isUnsafeOutput(double[] y) {
        for (OutputPolytope p : polytopes) {
            if (p.contains(y)) {
                return true;
            }
        }
        return false;
    }

    public boolean isViolatedBy(double[] x, double[] y) {
        return containsInput(x) && isUnsafeOutput(y);
    }

    /** The least polytope margin: at most 0 when y is unsafe (see {@link OutputPolytope#margin}). */
    public double margin(double[] y) {
        double min = Double.POSITIVE_INFINITY;
        for (OutputPolytope p : polytopes) {
            min = Math.min(min, p.margin(y));
        }
        return min;
    }
}
