package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/** {@code Linear(x, W, b)}: exact. Backward: A_x += A W per group of the leading dimensions; bias += A b. */
public final class LinearRelaxation implements Relaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        Interval x = inputs.get(0);
        int groups = x.size() / in;
        double[] lo = new double[groups * out];
        double[] hi = new double[groups * out];
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < out; o++) {
                double l = b == null ? 0 : b.get(o);
                double u = l;
                for (int i = 0; i < in; i++) {
                    double wi = w.get(o * in + i);
                    double xl = x.lower()[g * in + i];
                    double xu = x.upper()[g * in + i];
                    l += wi * (wi >= 0 ? xl : xu);
                    u += wi * (wi >= 0 ? xu : xl);
                }
                lo[g * out + o] = l;
                hi[g * out + o] = u;
            }
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Tensor w = step.graph().constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : step.graph().constant(node.input(2));
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        double[] wd = w.data();
        int groups = step.inputShape(0).size() / in;
        int nOut = groups * out;
        int nIn = groups * in;
        for (int k = 0; k < step.rows(); k++) {
            for (int g = 0; g < groups; g++) {
                int aBase = k * nOut + g * out;
                int accBase = k * nIn + g * in;
                for (int o = 0; o < out; o++) {
                    double ak = a[aBase + o];
                    if (ak == 0) {
                        continue;
                    }
                    int wBase = o * in;
                    for (int i = 0; i < in; i++) {
                        acc[accBase + i] += ak * wd[wBase + i];
                    }
                    if (b != null) {
                        bias[k] += ak * b.get(o);
                    }
                }
            }
        }
    }
}
