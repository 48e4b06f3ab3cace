package io.netverify.bounds;

import io.netverify.bounds.relax.AlphaParameters;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One CROWN backward pass: lower bounds of {@code rows} linear functions {@code C v} of a graph
 * value v over the input box, by propagating the coefficients back through every node's
 * relaxation to the input and minimising the resulting linear function over the box (a
 * {@link StackedBackwardPass} with one box).
 */
final class BackwardPass {
    private BackwardPass() {
    }

    /**
     * The outcome of a pass: one lower bound per row, and the coefficients of the final linear
     * function on the input ({@code rows x inputs}; null when the target does not depend on the input).
     */
    record Result(double[] lower, double[] inputCoefficients) {
        /** The corners of the box where rows 0..rows-1 are smallest, {@code rows x inputs} row-major. */
        double[] minimisers(Interval box, int rows) {
            int n = box.size();
            double[] x = new double[rows * n];
            for (int k = 0; k < rows; k++) {
                for (int j = 0; j < n; j++) {
                    x[k * n + j] = inputCoefficients != null && inputCoefficients[k * n + j] < 0 ? box.upper()[j] : box.lower()[j];
                }
            }
            return x;
        }
    }

    /** Lower bounds only; see {@link #run}. */
    static double[] lowerBounds(Graph graph, String target, double[] c, int rows, Interval box,
                                Function<String, Interval> bounds, RoundingError rounding, long deadline) {
        return run(graph, target, c, rows, box, bounds, null, null, null, rounding, deadline).lower();
    }

    /**
     * @param c      {@code rows x size(target)} coefficients, row-major
     * @param bounds sound intervals of every value a relaxation may ask for
     * @param alphas alpha-CROWN parameters, or null for plain CROWN
     */
    static Result run(Graph graph, String target, double[] c, int rows, Interval box,
                      Function<String, Interval> bounds, AlphaParameters alphas, RoundingError rounding) {
        return run(graph, target, c, rows, box, bounds, alphas, null, null, rounding, Long.MAX_VALUE);
    }

    /**
     * A pass with split constraints (beta-CROWN terms; null for none) that also records, when
     * {@code nonlinearCoefficients} is not null, the coefficients ({@code rows x size}) each
     * nonlinear node's output received, by node name (for branching heuristics). Throws
     * {@link DeadlineExceeded} when the deadline (System.nanoTime, or Long.MAX_VALUE) passes.
     */
    static Result run(Graph graph, String target, double[] c, int rows, Interval box,
                      Function<String, Interval> bounds, AlphaParameters alphas, SplitTerms splits,
                      Map<String, double[]> nonlinearCoefficients, RoundingError rounding, long deadline) {
        return run(graph, target, c, rows, List.of(InputSet.box(box)), bounds, alphas, splits, nonlinearCoefficients, rounding,
            deadline);
    }

    /**
     * {@link #run(Graph, String, double[], int, Interval, Function, AlphaParameters, SplitTerms, Map, RoundingError, long)}
     * over a set per graph input (in the graph's input order); the input coefficients are then those
     * of all inputs side by side, {@code rows x total size}.
     */
    static Result run(Graph graph, String target, double[] c, int rows, List<InputSet> inputs,
                      Function<String, Interval> bounds, AlphaParameters alphas, SplitTerms splits,
                      Map<String, double[]> nonlinearCoefficients, RoundingError rounding, long deadline) {
        StackedBackwardPass.Box only = new StackedBackwardPass.Box(inputs, bounds, rounding, alphas, splits, nonlinearCoefficients);
        return StackedBackwardPass.run(graph, target, c.clone(), List.of(only), List.of(new StackedBackwardPass.Segment(0, 0, rows)),
            deadline);
    }

    /** The values the target depends on (it included). */
    static Set<String> ancestors(Graph graph, String target) {
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        todo.add(target);
        while (!todo.isEmpty()) {
            String v = todo.poll();
            if (!seen.add(v)) {
                continue;
            }
            Node p = graph.producer(v);
            if (p != null) {
                p.outputs().forEach(seen::add);
                p.inputs().stream().filter(s -> !s.isEmpty() && !graph.isConstant(s)).forEach(todo::add);
            }
        }
        return seen;
    }
}
