package io.netverify.bab.lp;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The triangle (Planet) relaxation of a graph as an LP: one variable per element of every computed
 * value (views share their input's variables), equality rows for the linear nodes, and two rows per
 * ReLU element: {@code y - x >= 0} and the triangle's upper side {@code (u - l) y - u x <= -u l}
 * (with y in [0, u]) where the ReLU is unstable over [l, u]; {@code y = x} where it is active
 * ({@code l >= 0}); {@code y = 0} where it is inactive. The sparsity pattern depends on the graph
 * only, so every domain of one graph gives LPs of the same structure (warm starts between them).
 */
final class PlanetEncoding {
    private static final Set<String> VIEWS = Set.of("View", "Flatten", "Reshape");
    private static final double INF = Double.POSITIVE_INFINITY;

    /** The LP of one domain and its number of unstable ReLUs (0: the LP is exact). */
    record Domain(LpProblem problem, int unstable) {
    }

    private final Graph graph;
    private final Map<String, Integer> offset = new HashMap<>();
    /** Every named value that has variables (views included), in graph order. */
    private final List<String> valued = new ArrayList<>();
    private final int variables;

    PlanetEncoding(Graph graph) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("the LP relaxation needs one input and one output; graph has "
                + graph.inputs().size() + " and " + graph.outputs().size());
        }
        this.graph = graph;
        int next = add(graph.inputs().get(0).name(), 0);
        for (Node n : graph.nodes()) {
            check(n);
            if (VIEWS.contains(n.opType())) {
                offset.put(n.output(), offset.get(n.input(0)));
                valued.add(n.output());
            } else {
                next = add(n.output(), next);
            }
        }
        this.variables = next;
    }

    private int add(String value, int next) {
        offset.put(value, next);
        valued.add(value);
        return next + graph.shape(value).size();
    }

    private void check(Node n) {
        boolean supported = switch (n.opType()) {
            case "Linear" -> variable(n.input(0)) && graph.isConstant(n.input(1))
                && (n.input(2).isEmpty() || graph.isConstant(n.input(2)));
            case "Affine" -> variable(n.input(0)) && graph.isConstant(n.input(1)) && graph.isConstant(n.input(2));
            case "Relu" -> variable(n.input(0));
            case "Add", "Sub" -> variable(n.input(0)) || variable(n.input(1));
            default -> VIEWS.contains(n.opType()) && variable(n.input(0));
        };
        if (!supported) {
            throw new UnsupportedOperationException("the LP relaxation does not support " + n.describe()
                + " (it supports Linear and Affine with constant parameters, Relu, Add and Sub, View, Flatten"
                + " and Reshape, each of a computed value)");
        }
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
        for (Node n : graph.nodes()) {
            if (n.opType().equals("Relu")) {
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
        for (Node n : graph.nodes()) {
            switch (n.opType()) {
                case "Linear" -> linear(n, lp);
                case "Affine" -> affine(n, lp);
                case "Relu" -> unstable += relu(n, lp, lower, upper);
                case "Add", "Sub" -> sum(n, lp, n.opType().equals("Add") ? 1 : -1);
                default -> {
                    // views share their input's variables
                }
            }
        }
        return new Domain(lp.build(), unstable);
    }

    /** y[r, o] - sum_i W[o, i] x[r, i] = b[o]. */
    private void linear(Node n, LpBuilder lp) {
        Tensor w = graph.constant(n.input(1));
        double[] b = n.input(2).isEmpty() ? null : graph.constant(n.input(2)).data();
        int outF = w.shape().dim(0);
        int inF = w.shape().dim(1);
        int x = offset.get(n.input(0));
        int y = offset.get(n.output());
        int rows = graph.shape(n.output()).size() / outF;
        double[] wd = w.data();
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outF; o++) {
                lp.term(y + r * outF + o, 1);
                for (int i = 0; i < inF; i++) {
                    if (wd[o * inF + i] != 0) {
                        lp.term(x + r * inF + i, -wd[o * inF + i]);
                    }
                }
                double bias = b == null ? 0 : b[o];
                lp.endRow(bias, bias);
            }
        }
    }

    /** y - scale x = shift, element-wise with broadcast constants. */
    private void affine(Node n, LpBuilder lp) {
        Shape shape = graph.shape(n.output());
        Tensor scale = graph.constant(n.input(1));
        Tensor shift = graph.constant(n.input(2));
        int[] si = Broadcast.indexMap(scale.shape(), shape);
        int[] ti = Broadcast.indexMap(shift.shape(), shape);
        int x = offset.get(n.input(0));
        int y = offset.get(n.output());
        for (int k = 0; k < shape.size(); k++) {
            lp.term(y + k, 1);
            double s = scale.get(si[k]);
            if (s != 0) {
                lp.term(x + k, -s);
            }
            double t = shift.get(ti[k]);
            lp.endRow(t, t);
        }
    }

    /** y - a -/+ b = 0 with broadcasting; a constant operand moves to the right-hand side. */
    private void sum(Node n, LpBuilder lp, double sign) {
        Shape shape = graph.shape(n.output());
        String a = n.input(0);
        String b = n.input(1);
        int[] ai = Broadcast.indexMap(graph.shape(a), shape);
        int[] bi = Broadcast.indexMap(graph.shape(b), shape);
        int y = offset.get(n.output());
        for (int k = 0; k < shape.size(); k++) {
            lp.term(y + k, 1);
            double rhs = 0;
            if (variable(a)) {
                lp.term(offset.get(a) + ai[k], -1);
            } else {
                rhs += graph.constant(a).get(ai[k]);
            }
            if (variable(b)) {
                lp.term(offset.get(b) + bi[k], -sign);
            } else {
                rhs += sign * graph.constant(b).get(bi[k]);
            }
            lp.endRow(rhs, rhs);
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
