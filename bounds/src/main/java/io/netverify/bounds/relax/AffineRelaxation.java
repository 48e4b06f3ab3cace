package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/** {@code Affine(x, scale, shift)} = x * scale + shift element-wise: exact. */
public final class AffineRelaxation implements AffineInData {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Shape xs = graph.shape(node.input(0));
        double[] s = expand(graph.constant(node.input(1)), xs);
        double[] t = expand(graph.constant(node.input(2)), xs);
        Interval x = inputs.get(0);
        double[] lo = new double[xs.size()];
        double[] hi = new double[xs.size()];
        for (int i = 0; i < lo.length; i++) {
            double a = x.lower()[i] * s[i];
            double b = x.upper()[i] * s[i];
            lo[i] = Math.min(a, b) + t[i];
            hi[i] = Math.max(a, b) + t[i];
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Shape xs = step.inputShape(0);
        double[] s = expand(step.graph().constant(node.input(1)), xs);
        double[] t = expand(step.graph().constant(node.input(2)), xs);
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        int n = xs.size();
        for (int k = 0; k < step.rows(); k++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double ak = a[k * n + i];
                acc[k * n + i] += ak * s[i];
                sum += ak * t[i];
            }
            bias[k] += sum;
        }
    }

    /** The constant broadcast to the full shape of x. */
    static double[] expand(Tensor c, Shape xs) {
        if (c.shape().equals(xs)) {
            return c.backingArray();
        }
        int[] map = Broadcast.indexMap(c.shape(), xs);
        double[] d = new double[map.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = c.get(map[i]);
        }
        return d;
    }

    @Override
    public boolean mapsBoxesToBoxes() {
        return true;
    }

    @Override
    public void affineRows(Node node, Graph graph, AffineRows rows) {
        Shape xs = graph.shape(node.input(0));
        double[] s = expand(graph.constant(node.input(1)), xs);
        double[] t = expand(graph.constant(node.input(2)), xs);
        for (int i = 0; i < s.length; i++) {
            rows.term(0, i, s[i]);
            rows.end(t[i]);
        }
    }
}
