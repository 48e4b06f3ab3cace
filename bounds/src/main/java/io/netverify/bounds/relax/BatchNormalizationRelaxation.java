package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code BatchNormalization} (inference) with constant statistics: per element {@code s x + t} with
 * {@code s = scale / sqrt(var + eps)}, {@code t = B - mean s}. Normally folded away by the importer.
 * IBP runs the evaluator on the corner each element's sign of scale selects (it is monotone per
 * element), widened for rounding.
 */
public final class BatchNormalizationRelaxation implements Relaxation {
    /** Subtraction, square root of a sum, division, product and sum: rounded operations per element (generous). */
    private static final long OPERATIONS = 8;

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        OperatorCalls.requireConstant(node, graph, i -> i == 0);
        Interval x = inputs.get(0);
        Shape xs = graph.shape(node.input(0));
        Tensor scaleTensor = graph.constant(node.input(1));
        double[] scale = scaleTensor.backingArray();
        int[] channel = channels(xs, scaleTensor.shape());
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        for (int i = 0; i < lo.length; i++) {
            boolean increasing = scale[channel[i]] >= 0;
            lo[i] = increasing ? x.lower()[i] : x.upper()[i];
            hi[i] = increasing ? x.upper()[i] : x.lower()[i];
        }
        List<Tensor> args = OperatorCalls.constants(node, graph);
        double[] yLo = evaluate(node, args, xs, lo);
        double[] yHi = evaluate(node, args, xs, hi);
        // |x - mean| / sqrt(var + eps) |scale| + |B|, bounding every term's magnitude
        List<Tensor> abs = new ArrayList<>(args);
        for (int i = 1; i <= 3; i++) {
            Tensor t = args.get(i);
            double[] m = OutwardRounding.magnitude(Interval.of(t));
            if (i == 3) {
                for (int j = 0; j < m.length; j++) {
                    m[j] = -m[j];
                }
            }
            abs.set(i, new Tensor(t.type(), t.shape(), m));
        }
        double[] magnitude = evaluate(node, abs, xs, OutwardRounding.magnitude(x));
        return List.of(OutwardRounding.widen(yLo, yHi, magnitude, 2, OPERATIONS));
    }

    private static double[] evaluate(Node node, List<Tensor> args, Shape xs, double[] x) {
        List<Tensor> a = new ArrayList<>(args);
        a.set(0, new Tensor(DataType.DOUBLE, xs, x));
        return OperatorCalls.evaluate(node, a).get(0).backingArray();
    }

    /** Element i of x uses parameter channel[i]: per channel (axis 1), or per activation (statistics shaped like x without the batch axis). */
    private static int[] channels(Shape xs, Shape statistics) {
        int count = statistics.size();
        boolean perChannel = statistics.rank() == 1 && count == xs.dim(1);
        int run = perChannel ? xs.size() / (xs.dim(0) * xs.dim(1)) : 1;
        int[] c = new int[xs.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (i / run) % count;
        }
        return c;
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        OperatorCalls.requireConstant(node, step.graph(), i -> i == 0);
        double[] scale = step.constant(1).backingArray();
        double[] shift = step.constant(2).backingArray();
        double[] mean = step.constant(3).backingArray();
        double[] var = step.constant(4).backingArray();
        double eps = node.attributes().getFloat("epsilon", 1e-5);
        Shape xs = step.inputShape(0);
        int[] channel = channels(xs, step.constant(1).shape());
        int p = scale.length;
        double[] s = new double[p];
        double[] t = new double[p];
        for (int c = 0; c < p; c++) {
            s[c] = scale[c] / Math.sqrt(var[c] + eps);
            t[c] = shift[c] - mean[c] * s[c];
        }
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        int n = xs.size();
        for (int k = 0; k < step.rows(); k++) {
            double b = 0;
            for (int i = 0; i < n; i++) {
                double ak = a[k * n + i];
                acc[k * n + i] += ak * s[channel[i]];
                b += ak * t[channel[i]];
            }
            bias[k] += b;
        }
    }
}
