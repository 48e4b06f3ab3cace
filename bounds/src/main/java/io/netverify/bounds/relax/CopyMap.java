package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * For an operator that only moves, selects or duplicates elements: where each output element comes
 * from, an element of a non-constant input or a constant (padding value, constant input, mask).
 * Learnt from the evaluator itself: once with every non-constant input holding the numbers
 * {@code offset + j + 1} (its elements' global indices plus one) and once with them zero, constants
 * as they are; an element copied from an input shows its index the first time and 0 the second, a
 * constant shows the same value both times. Exact for indices below 2^53.
 */
public final class CopyMap {
    /** Per output, per element: the input it is copied from, or -1 for a constant. */
    private final int[][] input;
    /** Per output, per element: the element of that input, or (input -1) the constant's value. */
    private final int[][] element;
    private final double[][] constant;
    /** Per output: the input it equals element by element, or -1. */
    private final int[] whole;

    private CopyMap(int[][] input, int[][] element, double[][] constant, int[] whole) {
        this.input = input;
        this.element = element;
        this.constant = constant;
        this.whole = whole;
    }

    /** The map of a node; inputs for which {@code data} is false must be constants (shapes, indices, conditions). */
    static CopyMap of(Node node, Graph graph, IntPredicate data) {
        OperatorCalls.requireConstant(node, graph, data);
        int inputs = node.inputs().size();
        int[] offset = new int[inputs + 1];
        int[] sizes = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            String in = node.input(i);
            sizes[i] = in.isEmpty() || graph.isConstant(in) ? 0 : graph.shape(in).size();
            offset[i + 1] = offset[i] + sizes[i];
        }
        List<Tensor> indexed = OperatorCalls.evaluate(node, OperatorCalls.inputs(node, graph, i -> {
            double[] d = new double[sizes[i]];
            for (int j = 0; j < d.length; j++) {
                d[j] = offset[i] + j + 1;
            }
            return d;
        }));
        List<Tensor> zero = OperatorCalls.evaluate(node, OperatorCalls.inputs(node, graph, i -> new double[sizes[i]]));
        int outputs = Math.min(indexed.size(), node.outputs().size());
        int[][] input = new int[outputs][];
        int[][] element = new int[outputs][];
        double[][] constant = new double[outputs][];
        int[] whole = new int[outputs];
        for (int o = 0; o < outputs; o++) {
            double[] p = indexed.get(o).backingArray();
            double[] z = zero.get(o).backingArray();
            input[o] = new int[p.length];
            element[o] = new int[p.length];
            constant[o] = new double[p.length];
            for (int e = 0; e < p.length; e++) {
                if (Double.doubleToLongBits(p[e]) == Double.doubleToLongBits(z[e])) {
                    input[o][e] = -1;
                    constant[o][e] = z[e];
                    continue;
                }
                double g = p[e] - 1;
                if (z[e] != 0 || g != Math.rint(g) || g < 0 || g >= offset[inputs]) {
                    throw new NoRelaxationException(node.describe() + ": output " + o
                        + " is not a copy of input elements, so it has no structural bound relaxation");
                }
                int i = inputOf((int) g, offset);
                input[o][e] = i;
                element[o][e] = (int) g - offset[i];
            }
            whole[o] = wholeInput(input[o], element[o], sizes);
        }
        return new CopyMap(input, element, constant, whole);
    }

    /** The map of a node whose computed inputs are all data (for gradients: the adjoint of the copy). */
    public static CopyMap ofComputedInputs(Node node, Graph graph) {
        return of(node, graph, i -> !node.input(i).isEmpty() && !graph.isConstant(node.input(i)));
    }

    /** How many outputs the map covers. */
    public int outputs() {
        return input.length;
    }

    /** The number of elements of output o. */
    public int size(int o) {
        return input[o].length;
    }

    /** The input element e of output o is copied from, or -1 when it is a constant. */
    public int source(int o, int e) {
        return input[o][e];
    }

    /** The element of {@link #source} that element e of output o copies. */
    public int element(int o, int e) {
        return element[o][e];
    }

    private static int inputOf(int g, int[] offset) {
        int i = 0;
        while (offset[i + 1] <= g) {
            i++;
        }
        return i;
    }

    private static int wholeInput(int[] input, int[] element, int[] sizes) {
        int i = input.length == 0 ? -1 : input[0];
        if (i < 0 || sizes[i] != input.length) {
            return -1;
        }
        for (int e = 0; e < input.length; e++) {
            if (input[e] != i || element[e] != e) {
                return -1;
            }
        }
        return i;
    }

    /** The output intervals: copied bounds and point intervals of constants. */
    List<Interval> interval(List<Interval> inputs) {
        List<Interval> r = new ArrayList<>(input.length);
        for (int o = 0; o < input.length; o++) {
            if (whole[o] >= 0) {
                r.add(inputs.get(whole[o]));
                continue;
            }
            int n = input[o].length;
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int e = 0; e < n; e++) {
                int i = input[o][e];
                lo[e] = i < 0 ? constant[o][e] : inputs.get(i).lower()[element[o][e]];
                hi[e] = i < 0 ? constant[o][e] : inputs.get(i).upper()[element[o][e]];
            }
            r.add(new Interval(lo, hi));
        }
        return r;
    }

    /** Scatter-adds each output coefficient into the coefficient of its source; constants into the bias. */
    void backward(Node node, BackwardStep step) {
        int rows = step.rows();
        double[] bias = step.bias();
        for (int o = 0; o < input.length; o++) {
            double[] a = step.coefficients(o);
            if (a == null) {
                continue;
            }
            if (whole[o] >= 0) {
                double[] acc = step.accumulator(whole[o]);
                for (int t = 0; t < a.length; t++) {
                    acc[t] += a[t];
                }
                continue;
            }
            int m = input[o].length;
            double[][] acc = new double[node.inputs().size()][];
            int[] size = new int[acc.length];
            for (int e = 0; e < m; e++) {
                int i = input[o][e];
                if (i >= 0 && acc[i] == null) {
                    acc[i] = step.accumulator(i);
                    size[i] = step.inputShape(i).size();
                }
            }
            for (int k = 0; k < rows; k++) {
                double b = 0;
                for (int e = 0; e < m; e++) {
                    double ak = a[k * m + e];
                    int i = input[o][e];
                    if (i >= 0) {
                        acc[i][k * size[i] + element[o][e]] += ak;
                    } else if (ak != 0) {
                        b += ak * constant[o][e];
                    }
                }
                bias[k] += b;
            }
        }
    }
}
