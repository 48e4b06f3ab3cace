package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;
import io.netverify.onnx.ops.Reduction;

import java.util.Arrays;

/**
 * For each output element of a max- or min-like operator, the input elements it is the extremum
 * of: candidates {@code start[o] .. start[o + 1] - 1}, each an input number and a flat index into
 * that input.
 */
record Candidates(int[] start, int[] input, int[] index) {
    int outputs() {
        return start.length - 1;
    }

    /** Element-wise over broadcast inputs (Max, Min): output o competes among every input's element at o. */
    static Candidates elementwise(Node node, Graph graph) {
        Shape out = graph.shape(node.output());
        int inputs = node.inputs().size();
        int n = out.size();
        int[][] maps = new int[inputs][];
        for (int i = 0; i < inputs; i++) {
            maps[i] = Broadcast.indexMap(graph.shape(node.input(i)), out);
        }
        int[] start = new int[n + 1];
        int[] input = new int[n * inputs];
        int[] index = new int[n * inputs];
        for (int o = 0; o < n; o++) {
            start[o + 1] = (o + 1) * inputs;
            for (int i = 0; i < inputs; i++) {
                input[o * inputs + i] = i;
                index[o * inputs + i] = maps[i][o];
            }
        }
        return new Candidates(start, input, index);
    }

    /**
     * A reduction over some axes of input 0 (ReduceMax, ReduceMin), with the axes of the evaluator's
     * reductions: from the constant second input or attribute {@code axes}; none means every axis,
     * or an identity with {@code noop_with_empty_axes}. keepdims does not change the flat order.
     */
    static Candidates reduction(Node node, Graph graph) {
        Shape x = graph.shape(node.input(0));
        Tensor axes = node.input(1).isEmpty() ? null : graph.constant(node.input(1));
        if (!node.input(1).isEmpty() && axes == null) {
            throw new NoRelaxationException(node.describe() + ": axes must be a constant");
        }
        Shape kept = Reduction.keptShape(node, x, axes);
        // The kept shape broadcasts back to x: that map sends each element to its output.
        return grouped(Broadcast.indexMap(kept, x), kept.size());
    }

    /** Candidates of input 0 where element i belongs to output {@code group[i]}, in input order. */
    static Candidates grouped(int[] group, int outputs) {
        int[] start = new int[outputs + 1];
        for (int g : group) {
            start[g + 1]++;
        }
        for (int o = 0; o < outputs; o++) {
            start[o + 1] += start[o];
        }
        int[] fill = Arrays.copyOf(start, outputs);
        int[] index = new int[group.length];
        for (int i = 0; i < group.length; i++) {
            index[fill[group[i]]++] = i;
        }
        return new Candidates(start, new int[group.length], index);
    }
}
