package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/** {@code View}: the same elements in another shape; bounds and coefficients pass through unchanged. */
public final class ViewRelaxation implements Relaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        return List.of(inputs.get(0));
    }

    @Override
    public boolean passesCoefficientsThrough() {
        return true;
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        for (int i = 0; i < a.length; i++) {
            acc[i] += a[i];
        }
    }

    @Override
    public boolean mapsBoxesToBoxes() {
        return true;
    }
}
