package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Base of Resize and Upsample, linear in the data input with constant scales/sizes/roi: nearest
 * mode copies, linear mode takes convex combinations, cubic mode has negative weights. See
 * {@link AxisResampling}. IBP: the evaluator on the bounds when all weights are non-negative (exact
 * for copies, else widened for rounding), centre/radius through the axis matrices otherwise.
 */
public abstract class ResamplingRelaxation implements Relaxation {
    private final NodeCache<AxisResampling> maps = new NodeCache<>();

    /** The call resampling only {@code axis} (see {@link AxisResampling.Probe}), or null when the node leaves the axis alone. */
    protected abstract AxisResampling.Probe probe(Node node, List<Tensor> constants, int axis, int rank);

    private AxisResampling map(Node node, Graph graph) {
        return maps.get(graph, node, () -> {
            OperatorCalls.requireConstant(node, graph, i -> i == 0);
            List<Tensor> constants = OperatorCalls.constants(node, graph);
            Shape x = graph.shape(node.input(0));
            double[] zero = OperatorCalls.evaluate(node, OperatorCalls.inputs(node, graph, i -> new double[x.size()]))
                .get(0).backingArray();
            return AxisResampling.of(node, x.dims(), graph.shape(node.output()).dims(),
                axis -> probe(node, constants, axis, x.rank()), zero);
        });
    }

    /** The matrix {@code weights[out][in]} by which a Resize or Upsample node resamples one axis. */
    public record AxisMatrix(int axis, double[][] weights) {
    }

    /**
     * The node's linear part as one matrix per resampled axis, in the order the operator resamples
     * them (the constant part of tf_crop_and_resize left out): for its adjoint in Jacobian graphs.
     */
    public List<AxisMatrix> axisMatrices(Node node, Graph graph) {
        return map(node, graph).matrices();
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        AxisResampling r = map(node, graph);
        Interval x = inputs.get(0);
        if (r.monotone()) {
            double[] lo = evaluate(node, graph, x.lower());
            double[] hi = evaluate(node, graph, x.upper());
            if (r.copies()) {
                return List.of(new Interval(lo, hi));
            }
            return List.of(OutwardRounding.widen(lo, hi, evaluate(node, graph, OutwardRounding.magnitude(x)), 2, r.terms()));
        }
        double[][] cr = OutwardRounding.centreRadius(x);
        double[] m = new double[x.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.nextUp(Math.abs(cr[0][i]) + cr[1][i]);
        }
        double[] centre = r.forward(cr[0], 1, false);
        double[] radius = r.forward(cr[1], 1, true);
        double[] magnitude = r.forward(m, 1, true);
        double[] lo = new double[centre.length];
        double[] hi = new double[centre.length];
        double[] c = r.constant();
        for (int i = 0; i < lo.length; i++) {
            double shift = c == null ? 0 : c[i];
            lo[i] = centre[i] - radius[i] + shift;
            hi[i] = centre[i] + radius[i] + shift;
            magnitude[i] += Math.abs(shift);
        }
        // 2 gamma for the evaluator's sums and ours, 1 more for forming the bounds
        return List.of(OutwardRounding.widen(lo, hi, magnitude, 3, r.terms() + 2));
    }

    private static double[] evaluate(Node node, Graph graph, double[] x) {
        return OperatorCalls.evaluate(node, OperatorCalls.inputs(node, graph, i -> x)).get(0).backingArray();
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        AxisResampling r = map(node, step.graph());
        double[] a = step.coefficients();
        r.adjointAdd(a, step.rows(), step.accumulator(0));
        double[] c = r.constant();
        if (c != null) {
            double[] bias = step.bias();
            for (int k = 0; k < step.rows(); k++) {
                double s = 0;
                for (int i = 0; i < c.length; i++) {
                    s += a[k * c.length + i] * c[i];
                }
                bias[k] += s;
            }
        }
    }
}
