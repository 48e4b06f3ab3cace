package io.netverify.bab.lp;

import io.netverify.bounds.Interval;
import io.netverify.bounds.relax.AffineRows;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.bounds.relax.ReluRelaxation;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

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
 * through}, reshapes, share their input's variables), equality rows for every node whose relaxation
 * is {@link Relaxation#affine affine} (Linear, Conv, Affine, Add, Sub...), and two rows per ReLU
 * element: {@code y - x >= 0} and the triangle's upper side {@code (u - l) y - u x <= -u l} (with y
 * in [0, u]) where the ReLU is unstable over [l, u]; {@code y = x} where it is active
 * ({@code l >= 0}); {@code y = 0} where it is inactive. The sparsity pattern depends on the graph
 * only, so every domain of one graph gives LPs of the same structure (warm starts between them).
 */
final class PlanetEncoding {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** The LP of one domain and its number of unstable ReLUs (0: the LP is exact). */
    record Domain(LpProblem problem, int unstable) {
    }

    /** A node that adds rows to the LP. */
    private sealed interface RowSource permits AffineBlock, ReluRows {
    }

    /**
     * The equality rows of an affine node, {@code y[k] - sum_j c_j x_j = constant[k]}, fixed for the
     * graph: row k's terms are {@code variable[start[k] .. start[k + 1])} with their coefficients.
     */
    private record AffineBlock(int output, int[] start, int[] variable, double[] coefficient, double[] constant)
        implements RowSource {
    }

    /** A ReLU node: its rows depend on the domain's bounds of its input. */
    private record ReluRows(Node node) implements RowSource {
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
            } else if (r instanceof ReluRelaxation && variable(n.input(0))) {
                next = add(n.output(), next);
                rowSources.add(new ReluRows(n));
            } else if (r.affine(n, graph) && ofVariables(n)) {
                next = add(n.output(), next);
                rowSources.add(affineBlock(n, r));
            } else {
                throw new NoRelaxationException("the LP relaxation does not support " + n.describe()
                    + " (it supports Relu, reshapes, and affine operators with constant parameters such as Linear,"
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
        return new AffineBlock(offset.get(n.output()), start, variable.build().toArray(), coefficient.build().toArray(), constant);
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
            if (source instanceof ReluRows r) {
                Node n = r.node();
                int x = offset.get(n.input(0));
                int y = offset.get(n.output());
                for (int k = 0; k < graph.shape(n.output()).size(); k++) {
                    lower[y + k] = Math.max(lower[y + k], Math.max(0, lower[x + k]));
                    upper[y + k] = Math.min(upper[y + k], Math.max(0, upper[x + k]));
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
                affine(b, lp);
            } else if (source instanceof ReluRows r) {
                unstable += relu(r.node(), lp, lower, upper);
            }
        }
        return new Domain(lp.build(), unstable);
    }

    /** {@code y[k] - sum_j c_j x_j = constant[k]} for every row k of the block. */
    private static void affine(AffineBlock b, LpBuilder lp) {
        for (int k = 0; k < b.constant().length; k++) {
            lp.term(b.output() + k, 1);
            for (int j = b.start()[k]; j < b.start()[k + 1]; j++) {
                lp.term(b.variable()[j], -b.coefficient()[j]);
            }
            lp.endRow(b.constant()[k], b.constant()[k]);
        }
    }

    /**
     * Two rows per element over the pattern (y, x); returns the number of unstable elements. The
     * triangle's right-hand side is rounded up from both of its vertices (x = l, y = 0 and x = u,
     * y = u): the row's left side is convex along the ReLU graph, so it holds on all of it.
     */
    private int relu(Node n, LpBuilder lp, double[] lower, double[] upper) {
        int x = offset.get(n.input(0));
        int y = offset.get(n.output());
        int unstable = 0;
        for (int k = 0; k < graph.shape(n.output()).size(); k++) {
            double l = lower[x + k];
            double u = upper[x + k];
            if (l >= 0) {
                lp.term(y + k, 1).term(x + k, -1).endRow(0, 0);
                lp.term(y + k, 1).term(x + k, -1).endRow(-INF, INF);
            } else if (u <= 0) {
                lp.term(y + k, 1).term(x + k, -1).endRow(0, INF);
                lp.term(y + k, 1).term(x + k, -1).endRow(-INF, INF);
            } else {
                unstable++;
                double a = u - l;
                double atLower = Math.nextUp(u * -l);
                double atUpper = Math.nextUp(u * Math.nextUp(a - u));
                lp.term(y + k, 1).term(x + k, -1).endRow(0, INF);
                lp.term(y + k, a).term(x + k, -u).endRow(-INF, Math.max(atLower, atUpper));
            }
        }
        return unstable;
    }
}
