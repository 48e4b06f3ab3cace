package io.netverify.bounds;

import io.netverify.bounds.relax.AlphaParameters;
import io.netverify.bounds.relax.BackwardStep;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One CROWN backward pass: lower bounds of {@code rows} linear functions {@code C v} of a graph
 * value v over the input box, by propagating the coefficients back through every node's
 * relaxation to the input and minimising the resulting linear function over the box.
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
        Map<String, double[]> pending = new HashMap<>();
        double[] err = new double[rows];
        int steps = 0;
        pending.put(target, c.clone());
        double[] bias = new double[rows];
        Set<String> needed = ancestors(graph, target);
        List<Node> nodes = graph.nodes();
        // coefficient arrays of finished steps, reused (zeroed while still in cache) for new
        // accumulators instead of fresh ones from memory; not when records of the pass keep them
        List<double[]> spare = alphas == null && nonlinearCoefficients == null ? new ArrayList<>() : null;
        for (int idx = nodes.size() - 1; idx >= 0; idx--) {
            Node n = nodes.get(idx);
            if (!needed.contains(n.output())) {
                continue;
            }
            double[][] outCoefficients = new double[n.outputs().size()][];
            boolean any = false;
            for (int o = 0; o < outCoefficients.length; o++) {
                String v = n.outputs().get(o);
                outCoefficients[o] = splitTerms(graph, v, pending.remove(v), rows, splits, bias, err);
                any |= outCoefficients[o] != null;
            }
            if (!any) {
                continue;
            }
            DeadlineExceeded.check(deadline);
            Function<String, double[]> acc = v -> pending.computeIfAbsent(v, k -> zeros(spare, rows * graph.shape(k).size()));
            BackwardStep step = new BackwardStep(graph, n, rows, outCoefficients, bounds, acc, bias, alphas);
            Relaxation relaxation = IntervalPropagation.relaxation(n);
            if (nonlinearCoefficients != null && relaxation.needsInputBounds() && outCoefficients[0] != null) {
                nonlinearCoefficients.put(n.name(), outCoefficients[0]);
            }
            String in = relaxation.passesCoefficientsThrough() ? n.inputs().get(0) : null;
            double[] handedOver = null;
            if (in != null && !pending.containsKey(in) && !graph.isConstant(in)) {
                // the array is the pass's own (taken from pending) and read below only by the rounding error
                handedOver = outCoefficients[0];
                pending.put(in, handedOver);
            } else {
                relaxation.backward(n, step);
            }
            rounding.addStep(n, outCoefficients, rows, err, bounds);
            steps++;
            for (double[] o : outCoefficients) {
                if (spare != null && o != null && o != handedOver) {
                    spare.add(o);
                }
            }
        }
        String input = graph.inputs().get(0).name();
        double[] a = splitTerms(graph, input, pending.get(input), rows, splits, bias, err);
        double[] lower = bias.clone();
        double[] magnitude = new double[rows];
        BoxMinimum.add(a, 0, rows, box, lower, magnitude);
        rounding.addConcretization(magnitude, 0, rows, box.size(), bias, steps, err);
        for (int k = 0; k < rows; k++) {
            lower[k] = Math.nextDown(lower[k] - err[k]);
        }
        return new Result(lower, a);
    }

    /** A zero array of the given length: a spare one of that length when there is one (then no longer spare), else a new one. */
    private static double[] zeros(List<double[]> spare, int length) {
        for (int i = 0; spare != null && i < spare.size(); i++) {
            if (spare.get(i).length == length) {
                double[] a = spare.remove(i);
                Arrays.fill(a, 0);
                return a;
            }
        }
        return new double[length];
    }

    /** Coefficients of value v with the split terms on v added (created when v has splits but no coefficients yet). */
    private static double[] splitTerms(Graph graph, String v, double[] coefficients, int rows, SplitTerms splits,
                                       double[] bias, double[] err) {
        if (splits == null || !splits.constrains(v)) {
            return coefficients;
        }
        int size = graph.shape(v).size();
        double[] a = coefficients != null ? coefficients : new double[rows * size];
        splits.apply(v, a, size, bias, err);
        return a;
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
