package io.netverify.verifier.attack;

import io.netverify.bounds.Interval;
import io.netverify.bounds.IntervalPropagation;
import io.netverify.bounds.relax.ElementwiseRelaxation;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A straight-through gradient estimate for networks with step activations (operators whose relaxation
 * declares {@link ElementwiseRelaxation#stepLevels}, as Sign's does), whose gradient is zero wherever it
 * exists: a surrogate graph in which each step {@code f(z)} from level a below 0 to b above becomes the ramp
 * {@code clip(m + h z / s, a, b)} (m, h: the levels' midpoint and half-difference; for Sign the hard tanh
 * {@code clip(z / s, -1, 1)}), equal to the step wherever {@code |z| >= s}. Per neuron, from its input's
 * interval bounds over the searched region: one whose side of 0 cannot change there is that side's level (a
 * zero gradient, as the step has); one whose side can change has s = the interval's half-width, a slope of
 * h/s near zero, larger the less its input can move. The surrogate only steers a search; candidates are
 * evaluated on the real network.
 */
public final class StraightThrough {
    /** Least scale, relative to {@code 1 + |centre|}, so that neurons with a point interval keep a finite slope. */
    private static final double LEAST_RELATIVE_SCALE = 1e-9;

    private StraightThrough() {
    }

    /** Whether the graph has an operator whose gradient this class estimates. */
    public static boolean applies(Graph g) {
        return g.nodes().stream().anyMatch(n -> stepLevels(n, g) != null);
    }

    /** The node's step levels ({@link ElementwiseRelaxation#stepLevels}), or null when it is no step. */
    private static double[] stepLevels(Node n, Graph g) {
        return Relaxations.find(n.opType()).orElse(null) instanceof ElementwiseRelaxation e ? e.of(n, g).stepLevels() : null;
    }

    /**
     * The surrogate of g for searches inside {@code region} (a box over g's single input); empty when g has
     * no step or more than one input.
     */
    public static Optional<Graph> surrogate(Graph g, Interval region) {
        if (!applies(g) || g.inputs().size() != 1) {
            return Optional.empty();
        }
        Map<String, Interval> bounds = IntervalPropagation.run(g, region);
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        Map<String, ValueInfo> values = new LinkedHashMap<>(g.values());
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            double[] levels = stepLevels(n, g);
            if (levels == null) {
                nodes.add(n);
                continue;
            }
            double mid = levels[0] / 2 + levels[1] / 2;
            double half = levels[1] / 2 - levels[0] / 2;
            String z = n.input(0);
            ValueInfo info = g.info(z);
            String scale = fresh(values, constants, n.name() + "/straight_through_scale");
            String shift = fresh(values, constants, n.name() + "/straight_through_shift");
            String scaled = fresh(values, constants, n.name() + "/straight_through_scaled");
            Interval zb = bounds.get(z);
            double[] inverseScales = new double[zb.size()];
            double[] shifts = new double[zb.size()];
            for (int i = 0; i < inverseScales.length; i++) {
                double lo = zb.lower()[i];
                double hi = zb.upper()[i];
                if (lo > 0 || hi < 0) {
                    shifts[i] = lo > 0 ? levels[1] : levels[0];
                } else {
                    inverseScales[i] = half * inverseScale(lo, hi);
                    shifts[i] = mid;
                }
            }
            constants.put(scale, new Tensor(info.type(), info.shape(), inverseScales));
            constants.put(shift, new Tensor(info.type(), info.shape(), shifts));
            values.put(scale, new ValueInfo(scale, info.type(), info.shape()));
            values.put(shift, new ValueInfo(shift, info.type(), info.shape()));
            values.put(scaled, new ValueInfo(scaled, info.type(), info.shape()));
            nodes.add(new Node(n.name() + "/straight_through", "Affine", List.of(z, scale, shift), List.of(scaled),
                Attributes.EMPTY));
            nodes.add(new Node(n.name(), "Clip", List.of(scaled), n.outputs(),
                Attributes.EMPTY.with("min", Math.min(levels[0], levels[1])).with("max", Math.max(levels[0], levels[1]))));
        }
        return Optional.of(new Graph(g.name(), g.opset(), g.inputs(), g.outputs(), nodes, constants, values));
    }

    /** 1 / s for an interval around zero, s its half-width (at least a tiny share of its centre's magnitude). */
    private static double inverseScale(double lo, double hi) {
        double s = Math.max(hi / 2 - lo / 2, LEAST_RELATIVE_SCALE * (1 + Math.abs(lo / 2 + hi / 2)));
        // an unbounded input (infinite width): a zero slope, as Sign has
        return Double.isFinite(s) ? 1 / s : 0;
    }

    private static String fresh(Map<String, ValueInfo> values, Map<String, Tensor> constants, String base) {
        String name = base;
        for (int k = 1; values.containsKey(name) || constants.containsKey(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }
}
