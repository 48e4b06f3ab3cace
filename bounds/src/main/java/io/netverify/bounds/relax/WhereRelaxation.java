package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/**
 * {@code Where(condition, x, y)} with a constant condition: each output element is one element of x
 * or of y (all three broadcast), so bounds and coefficients are routed, exactly. A computed
 * condition is not supported.
 */
public final class WhereRelaxation implements Relaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Routing r = new Routing(node, graph);
        double[] lo = new double[r.choice.length];
        double[] hi = new double[r.choice.length];
        for (int j = 0; j < lo.length; j++) {
            Interval from = inputs.get(r.choice[j]);
            lo[j] = from.lower()[r.index[j]];
            hi[j] = from.upper()[r.index[j]];
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Routing r = new Routing(node, step.graph());
        int n = r.choice.length;
        double[] a = step.coefficients();
        InputCoefficients in = new InputCoefficients(step, 3);
        for (int k = 0; k < step.rows(); k++) {
            for (int j = 0; j < n; j++) {
                in.add(k, r.choice[j], r.index[j], a[k * n + j]);
            }
        }
    }

    /** For each output element: the input it comes from (1 = x, 2 = y) and the flat index there. */
    private static final class Routing {
        final int[] choice;
        final int[] index;

        Routing(Node node, Graph graph) {
            Tensor cond = graph.constant(node.input(0));
            if (cond == null) {
                throw new UnsupportedOperationException(node.describe() + ": bounds need a constant condition");
            }
            Shape out = graph.shape(node.output());
            int[] mc = Broadcast.indexMap(cond.shape(), out);
            int[] mx = Broadcast.indexMap(graph.shape(node.input(1)), out);
            int[] my = Broadcast.indexMap(graph.shape(node.input(2)), out);
            choice = new int[out.size()];
            index = new int[out.size()];
            for (int j = 0; j < choice.length; j++) {
                boolean takeX = cond.get(mc[j]) != 0;
                choice[j] = takeX ? 1 : 2;
                index[j] = takeX ? mx[j] : my[j];
            }
        }
    }
}
