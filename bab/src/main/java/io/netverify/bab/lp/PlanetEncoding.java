package io.netverify.bab.lp;

import io.netverify.bounds.Interval;
import io.netverify.bounds.relax.AffineRows;
import io.netverify.bounds.relax.ElementwiseRelaxation;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.bounds.relax.OutwardRounding;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;
import io.netverify.onnx.passes.GraphPass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * The triangle (Planet) relaxation of a graph as an LP: one variable per element of every computed
 * value (values whose relaxation {@link Relaxation#passesCoefficientsThrough passes coefficients
 * through}, reshapes, share their input's variables), rows for every node whose relaxation is
 * {@link Relaxation#affine affine} (Linear, Conv, Affine, Add, Sub...), and for every element of a
 * ReLU, LeakyRelu or Abs the rows of {@link KinkHull}: the triangle {@code y - x >= 0},
 * {@code (u - l) y - u x <= -u l} (with y in [0, u]) for a ReLU unstable over [l, u], the line where
 * the sign is fixed. The sparsity pattern depends on the graph only, so every domain of one graph
 * gives LPs of the same structure (warm starts between them).
 *
 * <p>An affine row is {@code y[k] - sum_j c_j x_j = constant[k]} up to the rounding of the
 * evaluator's sum and of the folded constants ({@link GraphPass#FOLDED_MAGNITUDE}), charged as bound
 * propagation charges them: {@code 4 gamma(fan-in)} times the magnitudes of the row's terms over
 * the domain.
 */
final class PlanetEncoding {
    private static final double INF = Double.POSITIVE_INFINITY;
    /** The factor bound propagation's rounding-error bound (RoundingError) applies to gamma(fan-in) too. */
    private static final double ROUNDING_SAFETY = 4;

    /** The LP of one domain and its number of unstable ReLUs (0: the LP is exact). */
    record Domain(LpProblem problem, int unstable) {
    }

    /** A node that adds rows to the LP. */
    private sealed interface RowSource permits AffineBlock, KinkRows {
    }

    /**
     * The rows of an affine node, {@code y[k] - sum_j c_j x_j = constant[k]} up to
     * {@code gamma * (sum_j |c_j| |x_j| + |constant[k]| + folded[k])}, fixed for the graph but for the
     * magnitudes: row k's terms are {@code variable[start[k] .. start[k + 1])} with their coefficients.
     */
    private record AffineBlock(int output, int[] start, int[] variable, double[] coefficient, double[] constant,
                               double[] folded, double gamma) implements RowSource {
    }

    /** A ReLU, LeakyRelu or Abs node: its rows depend on the domain's bounds of its input. */
    private record KinkRows(Node node, KinkHull hull) implements RowSource {
    }

    private final Graph graph;
    private final Map<String, Integer> offset = new HashMap<>();
    /** Every named value that has variables (views included), in graph order. */
    private final List<String> valued = new ArrayList<>();
    /** The nodes that add rows, in graph order. */
    private final List<RowSource> rowSources = new ArrayList<>();
    private final int variables;

    PlanetEncoding(Graph graph) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("the LP relaxation needs one input and one output; graph has "
                + graph.inputs().size() + " and " + graph.outputs().size());
        }
        this.graph = graph;
        int next = add(graph.inputs().get(0).name(), 0);
        for (Node n : graph.nodes()) {
            Relaxation r = Relaxations.of(n);
            if (r.passesCoefficientsThrough() && variable(n.input(0))) {
                offset.put(n.output(), offset.get(n.input(0)));
                valued.add(n.output());
            } else if (r instanceof ElementwiseRelaxation e && e.of(n, graph).piecewiseLinear() && variable(n.input(0))) {
                next = add(n.output(), next);
                rowSources.add(new KinkRows(n, new KinkHull(e.of(n, graph).slopeBelowKink())));
            } else if (r.affine(n, graph) && ofVariables(n)) {
                next = add(n.output(), next);
                rowSources.add(affineBlock(n, r));
            } else {
                throw new NoRelaxationException("the LP relaxation does not support " + n.describe()
                    + " (it supports Relu, LeakyRelu, Abs, reshapes, and affine operators with constant parameters such as Linear,"
                    + " Conv, Affine, Add and Sub, each of a computed value)");
            }
        }
        this.variables = next;
    }

    private int add(String value, int next) {
        offset.put(value, next);
        valued.add(value);
        return next + graph.shape(value).size();
    }

    /** The node's rows from its relaxation's affine form (zero coefficients left out). */
    private AffineBlock affineBlock(Node n, Relaxation r) {
        int rows = graph.shape(n.output()).size();
        int[] start = new int[rows + 1];
        double[] constant = new double[rows];
        IntStream.Builder variable = IntStream.builder();
        DoubleStream.Builder coefficient = DoubleStream.builder();
        int[] row = {0};
        int[] terms = {0};
        // the first variable of each input (constants have none)
        int[] first = n.inputs().stream().mapToInt(in -> variable(in) ? offset.get(in) : -1).toArray();
        r.affineRows(n, graph, new AffineRows() {
            @Override
            public void term(int input, int element, double c) {
                if (c != 0) {
                    variable.add(first[input] + element);
                    coefficient.add(c);
                    terms[0]++;
                }
            }

            @Override
            public void end(double c) {
                constant[row[0]++] = c;
                start[row[0]] = terms[0];
            }
        });
        if (row[0] != rows) {
            throw new IllegalStateException(n.describe() + ": affine form has " + row[0] + " rows for " + rows + " outputs");
        }
        double[] folded = new double[rows];
        Tensor f = n.attributes().getTensor(GraphPass.FOLDED_MAGNITUDE);
        if (f != null) {
            int[] index = Broadcast.indexMap(f.shape(), graph.shape(n.output()));
            for (int k = 0; k < rows; k++) {
                folded[k] = f.get(index[k]);
            }
        }
        long fanIn = 2;
        for (String in : n.inputs()) {
            fanIn += in.isEmpty() ? 0 : graph.shape(in).size();
        }
        return new AffineBlock(offset.get(n.output()), start, variable.build().toArray(), coefficient.build().toArray(), constant,
            folded, ROUNDING_SAFETY * OutwardRounding.gamma(fanIn));
    }

    /** Whether every input of n is a constant or has variables, and some input has variables. */
    private boolean ofVariables(Node n) {
        List<String> computed = n.inputs().stream().filter(in -> !in.isEmpty() && !graph.isConstant(in)).toList();
        return !computed.isEmpty() && computed.stream().allMatch(this::variable);
    }

    private boolean variable(String value) {
        return offset.containsKey(value);
    }

    int offset(String value) {
        Integer o = offset.get(value);
        if (o == null) {
            throw new IllegalArgumentException("value '" + value + "' has no LP variables");
        }
        return o;
    }

    int variableCount() {
        return variables;
    }

    /**
     * The LP of the domain where every value lies in {@code bounds.apply(value)} (sound intervals,
     * splits applied), or null when these intervals leave no point (the domain is empty).
     */
    Domain encode(Function<String, Interval> bounds) {
        double[] lower = new double[variables];
        double[] upper = new double[variables];
        Arrays.fill(lower, -INF);
        Arrays.fill(upper, INF);
        for (String v : valued) {
            Interval iv = bounds.apply(v);
            int o = offset.get(v);
            for (int k = 0; k < iv.size(); k++) {
                lower[o + k] = Math.max(lower[o + k], iv.lower()[k]);
                upper[o + k] = Math.min(upper[o + k], iv.upper()[k]);
            }
        }
        for (RowSource source : rowSources) {
            if (source instanceof KinkRows r) {
                Node n = r.node();
                int x = offset.get(n.input(0));
                int y = offset.get(n.output());
                for (int k = 0; k < graph.shape(n.output()).size(); k++) {
                    double[] range = r.hull().range(lower[x + k], upper[x + k]);
                    lower[y + k] = Math.max(lower[y + k], range[0]);
                    upper[y + k] = Math.min(upper[y + k], range[1]);
                }
            }
        }
        LpBuilder lp = new LpBuilder();
        for (int j = 0; j < variables; j++) {
            if (Double.isNaN(lower[j]) || Double.isNaN(upper[j])) {
                throw new IllegalArgumentException("NaN bound of LP variable " + j);
            }
            if (lower[j] > upper[j]) {
                return null;
            }
            lp.variable(lower[j], upper[j]);
        }
        int unstable = 0;
        for (RowSource source : rowSources) {
            if (source instanceof AffineBlock b) {
                affine(b, lp, lower, upper);
            } else if (source instanceof KinkRows r) {
                unstable += kink(r, lp, lower, upper);
            }
        }
        return new Domain(lp.build(), unstable);
    }

    /**
     * {@code y[k] - sum_j c_j x_j} within the rounding allowance of {@code constant[k]} for every row
     * k of the block, the magnitudes of x from the variables' bounds.
     */
    private static void affine(AffineBlock b, LpBuilder lp, double[] lower, double[] upper) {
        for (int k = 0; k < b.constant().length; k++) {
            lp.term(b.output() + k, 1);
            double magnitude = Math.abs(b.constant()[k]) + b.folded()[k];
            for (int j = b.start()[k]; j < b.start()[k + 1]; j++) {
                int v = b.variable()[j];
                lp.term(v, -b.coefficient()[j]);
                magnitude += Math.abs(b.coefficient()[j]) * Math.max(Math.abs(lower[v]), Math.abs(upper[v]));
            }
            // underflowing products lose up to the least subnormal each, whatever their size
            double e = b.gamma() * magnitude + (b.start()[k + 1] - b.start()[k] + 1) * Double.MIN_VALUE;
            lp.endRow(OutwardRounding.below(b.constant()[k], e), OutwardRounding.above(b.constant()[k], e));
        }
    }

    /** The element rows of a ReLU, LeakyRelu or Abs node; returns the number of relaxed elements. */
    private int kink(KinkRows r, LpBuilder lp, double[] lower, double[] upper) {
        int x = offset.get(r.node().input(0));
        int y = offset.get(r.node().output());
        int unstable = 0;
        for (int k = 0; k < graph.shape(r.node().output()).size(); k++) {
            if (r.hull().add(lp, y + k, x + k, lower[x + k], upper[x + k])) {
                unstable++;
            }
        }
        return unstable;
    }
}
