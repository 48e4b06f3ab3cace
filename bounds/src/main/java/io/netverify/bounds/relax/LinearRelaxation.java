package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.bounds.backend.ComputeBackends;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * {@code Linear(x, W, b)}: exact. Backward: A_x += A W per group of the leading dimensions; bias += A b.
 * The products run on the current {@link io.netverify.bounds.backend.ComputeBackend}.
 */
public final class LinearRelaxation implements AffineInData {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[][] columns = weightColumns.get(graph, node, () -> columnsOf(w.backingArray(), out, in));
        Interval x = inputs.get(0);
        int groups = x.size() / in;
        double[] lo = new double[groups * out];
        double[] hi = new double[groups * out];
        ComputeBackends.current().linearInterval(x.lower(), x.upper(), groups, columns, b == null ? null : b.backingArray(), lo, hi);
        return List.of(new Interval(lo, hi));
    }

    /** {@link #interval} for many boxes in one kernel call (centre-radius products over blocks of boxes). */
    @Override
    public List<List<Interval>> intervals(Node node, List<List<Interval>> inputs, Graph graph) {
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[][] columns = weightColumns.get(graph, node, () -> columnsOf(w.backingArray(), out, in));
        double[][] abs = absColumns.get(graph, node, () -> absOf(columns));
        int boxes = inputs.size();
        double[][] xl = new double[boxes][];
        double[][] xu = new double[boxes][];
        double[][] lo = new double[boxes][];
        double[][] hi = new double[boxes][];
        for (int k = 0; k < boxes; k++) {
            Interval x = inputs.get(k).get(0);
            xl[k] = x.lower();
            xu[k] = x.upper();
            lo[k] = new double[x.size() / in * out];
            hi[k] = new double[x.size() / in * out];
        }
        int groups = boxes == 0 ? 0 : xl[0].length / in;
        ComputeBackends.current().linearIntervals(xl, xu, groups, columns, abs, b == null ? null : b.backingArray(), lo, hi);
        return java.util.stream.IntStream.range(0, boxes).mapToObj(k -> List.of(new Interval(lo[k], hi[k]))).toList();
    }

    /** The columns of W ({@code in} arrays of {@code out}), for interval propagation. */
    private final NodeCache<double[][]> weightColumns = new NodeCache<>();
    /** The columns of |W|, for batched interval propagation. */
    private final NodeCache<double[][]> absColumns = new NodeCache<>();

    private static double[][] absOf(double[][] columns) {
        double[][] a = new double[columns.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = columns[i].clone();
            for (int o = 0; o < a[i].length; o++) {
                a[i][o] = Math.abs(a[i][o]);
            }
        }
        return a;
    }

    private static double[][] columnsOf(double[] w, int out, int in) {
        double[][] c = new double[in][out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                c[i][o] = w[o * in + i];
            }
        }
        return c;
    }

    /**
     * {@code x W^T + b} for every row: the product {@code x W^T} is the backward product of a layer
     * whose weight rows are W's columns, so it runs on the backend's kernel.
     */
    @Override
    public double[][] evaluateRows(Node node, Graph graph, int rows, double[][] inputs) {
        if (graph.isConstant(node.input(0))) {
            return null;
        }
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[][] columns = weightColumns.get(graph, node, () -> columnsOf(w.backingArray(), out, in));
        int groups = inputs[0].length / rows / in;
        double[] y = new double[rows * groups * out];
        ComputeBackends.current().linearBackward(inputs[0], rows * groups, 1, columns, null, y, new double[rows * groups]);
        if (b != null) {
            for (int g = 0; g < rows * groups; g++) {
                for (int o = 0; o < out; o++) {
                    y[g * out + o] += b.get(o);
                }
            }
        }
        return new double[][] {y};
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Tensor w = step.graph().constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : step.graph().constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[][] wRows = weightRows.get(step.graph(), node, () -> rowsOf(w.backingArray(), out, in));
        ComputeBackends.current().linearBackward(step.coefficients(), step.rows(), step.inputShape(0).size() / in, wRows,
            b == null ? null : b.backingArray(), step.accumulator(0), step.bias());
    }

    /** The rows of W as separate arrays, so the product's inner loop indexes every array by i alone. */
    private final NodeCache<double[][]> weightRows = new NodeCache<>();

    private static double[][] rowsOf(double[] w, int out, int in) {
        double[][] r = new double[out][];
        for (int o = 0; o < out; o++) {
            r[o] = java.util.Arrays.copyOfRange(w, o * in, (o + 1) * in);
        }
        return r;
    }

    @Override
    public boolean exactOverBoxes() {
        return true;
    }

    /** Row (r, o): {@code sum_i W[o, i] x[r, i] + b[o]} for every group r of the leading dimensions. */
    @Override
    public void affineRows(Node node, Graph graph, AffineRows rows) {
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        int groups = graph.shape(node.output()).size() / out;
        for (int r = 0; r < groups; r++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    rows.term(0, r * in + i, w.get(o * in + i));
                }
                rows.end(b == null ? 0 : b.get(o));
            }
        }
    }
}
