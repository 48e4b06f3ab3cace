package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/** {@code Neg}: {@code -x}, exact in floating point. */
public final class NegRelaxation implements Relaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Interval x = inputs.get(0);
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = -x.upper()[i];
            hi[i] = -x.lower()[i];
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        for (int i = 0; i < a.length; i++) {
            acc[i] -= a[i];
        }
    }
}
