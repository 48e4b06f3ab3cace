package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/**
 * {@code a + s b} with numpy broadcasting (s = 1 for Add, -1 for Sub): residual connections and
 * sums of two computed tensors. Exact; backward sums coefficients over broadcast dimensions, and a
 * constant operand goes to the bias. Interval sums are widened by their rounding error.
 */
abstract class SignedSumRelaxation implements Relaxation {
    private final double sign;

    SignedSumRelaxation(double sign) {
        this.sign = sign;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Shape out = graph.shape(node.output());
        int[] ia = Broadcast.indexMap(graph.shape(node.input(0)), out);
        int[] ib = Broadcast.indexMap(graph.shape(node.input(1)), out);
        Interval a = inputs.get(0);
        Interval b = inputs.get(1);
        double[] lo = new double[out.size()];
        double[] hi = new double[out.size()];
        for (int j = 0; j < lo.length; j++) {
            double bl = sign > 0 ? b.lower()[ib[j]] : -b.upper()[ib[j]];
            double bu = sign > 0 ? b.upper()[ib[j]] : -b.lower()[ib[j]];
            // one rounding per sum: rounding to nearest moves it by at most one ulp, so step out one
            lo[j] = Math.nextDown(a.lower()[ia[j]] + bl);
            hi[j] = Math.nextUp(a.upper()[ia[j]] + bu);
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Shape out = step.outputShape(0);
        double[] a = step.coefficients();
        int n = out.size();
        for (int i = 0; i < 2; i++) {
            double s = i == 0 ? 1 : sign;
            int[] map = Broadcast.indexMap(step.inputShape(i), out);
            Tensor c = step.constant(i);
            if (c != null) {
                double[] bias = step.bias();
                for (int k = 0; k < step.rows(); k++) {
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        sum += a[k * n + j] * c.get(map[j]);
                    }
                    bias[k] += s * sum;
                }
                continue;
            }
            RowWindows known = step.windows(0);
            if (known != null && step.inputShape(i).equals(out)) {
                // same shape: each row added on its window, which the input's rows then hold
                double[] acc = step.windowedAccumulator(i);
                RowWindows written = step.accumulatorWindows(i);
                for (int k = 0; k < step.rows(); k++) {
                    int[] runs = known.runs(k, 1);
                    for (int r = 0; r < runs.length; r += 2) {
                        for (int j = k * n + runs[r]; j < k * n + runs[r + 1]; j++) {
                            acc[j] += s * a[j];
                        }
                    }
                    if (written != null) {
                        written.include(k, known, k);
                    }
                }
                continue;
            }
            double[] acc = step.accumulator(i);
            int m = step.inputShape(i).size();
            for (int k = 0; k < step.rows(); k++) {
                for (int j = 0; j < n; j++) {
                    acc[k * m + map[j]] += s * a[k * n + j];
                }
            }
        }
    }

    @Override
    public boolean affine(Node node, Graph graph) {
        return true;
    }

    /** Row j: {@code a[j] + s b[j]} over broadcast indices; a constant operand goes into the row's constant. */
    @Override
    public void affineRows(Node node, Graph graph, AffineRows rows) {
        Shape out = graph.shape(node.output());
        int[][] maps = new int[2][];
        Tensor[] constants = new Tensor[2];
        for (int i = 0; i < 2; i++) {
            maps[i] = Broadcast.indexMap(graph.shape(node.input(i)), out);
            constants[i] = graph.constant(node.input(i));
        }
        for (int j = 0; j < out.size(); j++) {
            double constant = 0;
            for (int i = 0; i < 2; i++) {
                double s = i == 0 ? 1 : sign;
                if (constants[i] == null) {
                    rows.term(i, maps[i][j], s);
                } else {
                    constant += s * constants[i].get(maps[i][j]);
                }
            }
            rows.end(constant);
        }
    }
}
