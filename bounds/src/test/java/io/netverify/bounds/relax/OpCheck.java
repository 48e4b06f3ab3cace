package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import io.netverify.onnx.ops.Operators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks of one node's relaxation against its evaluator operator: IBP soundness by sampling
 * (exactly, no tolerance), IBP tightness against the exact range from the backward step, and
 * exactness of the backward step ({@code A . op(x) == A' . x + b}) at random points.
 */
final class OpCheck {
    private final Graph graph;
    private final Node node;
    private final Relaxation relaxation;
    private final SplittableRandom rnd;

    private OpCheck(Graph graph, long seed) {
        this.graph = graph;
        this.node = graph.nodes().get(0);
        this.relaxation = Relaxations.find(node.opType()).orElseThrow();
        this.rnd = new SplittableRandom(seed);
    }

    /**
     * A graph of one node: a {@link Shape} is a variable input (x0, x1, ...), a {@link Tensor} a
     * constant, null an omitted input.
     */
    static Graph graphWithOutputs(String op, Attributes attrs, int outputs, Object... inputs) {
        List<String> names = new ArrayList<>();
        List<ValueInfo> variables = new ArrayList<>();
        Map<String, Tensor> constants = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            Object in = inputs[i];
            if (in == null) {
                names.add("");
            } else if (in instanceof Shape s) {
                String name = "x" + variables.size();
                variables.add(new ValueInfo(name, DataType.DOUBLE, s));
                names.add(name);
            } else {
                String name = "c" + i;
                constants.put(name, (Tensor) in);
                names.add(name);
            }
        }
        List<String> outs = new ArrayList<>();
        for (int o = 0; o < outputs; o++) {
            outs.add("y" + o);
        }
        Node n = new Node("n", op, names, outs, attrs);
        return GraphInference.build("test", "test", 21, variables, outs, List.of(n), constants);
    }

    static Graph graph(String op, Attributes attrs, Object... inputs) {
        return graphWithOutputs(op, attrs, 1, inputs);
    }

    /** Every check, on a few random boxes. */
    static void check(Graph g, long seed) {
        OpCheck c = new OpCheck(g, seed);
        for (int trial = 0; trial < 3; trial++) {
            Map<String, Interval> boxes = c.boxes(trial == 0 ? 0.1 : 2);
            c.ibpSound(boxes, 1000);
            c.ibpTight(boxes);
            c.backwardExact(boxes, trial == 2);
        }
    }

    /** IBP soundness only (for operators that are not linear). */
    static void checkIbpSound(Graph g, long seed) {
        OpCheck c = new OpCheck(g, seed);
        for (int trial = 0; trial < 3; trial++) {
            c.ibpSound(c.boxes(trial == 0 ? 0.1 : 2), 2000);
        }
    }

    /** Random boxes for the variable inputs, some coordinates degenerate, centres up to 3 in size. */
    private Map<String, Interval> boxes(double maxWidth) {
        Map<String, Interval> b = new HashMap<>();
        for (ValueInfo in : graph.inputs()) {
            int n = in.shape().size();
            double[] l = new double[n];
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                double c = (rnd.nextDouble() * 2 - 1) * 3;
                double w = rnd.nextInt(8) == 0 ? 0 : rnd.nextDouble() * maxWidth;
                l[i] = c - w / 2;
                u[i] = c + w / 2;
            }
            b.put(in.name(), new Interval(l, u));
        }
        graph.constants().forEach((k, t) -> b.put(k, Interval.of(t)));
        return b;
    }

    private List<Interval> inputIntervals(Map<String, Interval> boxes) {
        List<Interval> ins = new ArrayList<>();
        for (String in : node.inputs()) {
            ins.add(in.isEmpty() ? null : boxes.get(in));
        }
        return ins;
    }

    /** A random point of the boxes, with coordinates often at the bounds. */
    private Map<String, double[]> point(Map<String, Interval> boxes) {
        Map<String, double[]> p = new HashMap<>();
        for (ValueInfo in : graph.inputs()) {
            Interval b = boxes.get(in.name());
            double[] x = new double[b.size()];
            for (int i = 0; i < x.length; i++) {
                int pick = rnd.nextInt(4);
                x[i] = pick == 0 ? b.lower()[i] : pick == 1 ? b.upper()[i]
                    : b.lower()[i] + rnd.nextDouble() * (b.upper()[i] - b.lower()[i]);
            }
            p.put(in.name(), x);
        }
        return p;
    }

    private List<Tensor> evaluate(Map<String, double[]> point) {
        List<Tensor> args = new ArrayList<>();
        for (String in : node.inputs()) {
            args.add(in.isEmpty() ? null : graph.isConstant(in) ? graph.constant(in)
                : new Tensor(graph.info(in).type(), graph.shape(in), point.get(in)));
        }
        return Operators.find(node.opType()).orElseThrow().evaluate(node, args);
    }

    private void ibpSound(Map<String, Interval> boxes, int samples) {
        List<Interval> out = relaxation.interval(node, inputIntervals(boxes), graph);
        for (int s = 0; s < samples; s++) {
            List<Tensor> y = evaluate(point(boxes));
            for (int o = 0; o < out.size(); o++) {
                double[] v = y.get(o).data();
                for (int e = 0; e < v.length; e++) {
                    if (!(v[e] >= out.get(o).lower()[e] && v[e] <= out.get(o).upper()[e])) {
                        fail(node.describe() + " output " + o + "[" + e + "] = " + v[e] + " outside IBP ["
                            + out.get(o).lower()[e] + ", " + out.get(o).upper()[e] + "]");
                    }
                }
            }
        }
    }

    /** The backward step on per-output coefficients (null entries: unused outputs). */
    private record Backward(Map<String, double[]> acc, double[] bias) {
    }

    private Backward backward(double[][] coefficients, int rows, Map<String, Interval> boxes) {
        Map<String, double[]> acc = new HashMap<>();
        double[] bias = new double[rows];
        BackwardStep step = new BackwardStep(graph, node, rows, coefficients, boxes::get,
            v -> acc.computeIfAbsent(v, k -> new double[rows * graph.shape(k).size()]), bias, null);
        relaxation.backward(node, step);
        return new Backward(acc, bias);
    }

    /** For a linear operator IBP is exact: its bounds must match the backward step's exact minimum over the box. */
    private void ibpTight(Map<String, Interval> boxes) {
        List<Interval> ibp = relaxation.interval(node, inputIntervals(boxes), graph);
        for (int o = 0; o < ibp.size(); o++) {
            int m = ibp.get(o).size();
            double[][] c = new double[node.outputs().size()][];
            c[o] = new double[2 * m * m];
            for (int j = 0; j < m; j++) {
                c[o][j * m + j] = 1;
                c[o][(m + j) * m + j] = -1;
            }
            Backward b = backward(c, 2 * m, boxes);
            for (int k = 0; k < 2 * m; k++) {
                double min = b.bias()[k];
                for (ValueInfo in : graph.inputs()) {
                    double[] a = b.acc().get(in.name());
                    Interval box = boxes.get(in.name());
                    int n = box.size();
                    for (int i = 0; a != null && i < n; i++) {
                        double w = a[k * n + i];
                        min += w * (w >= 0 ? box.lower()[i] : box.upper()[i]);
                    }
                }
                int j = k % m;
                double bound = k < m ? ibp.get(o).lower()[j] : -ibp.get(o).upper()[j];
                double tol = 1e-9 * (1 + Math.abs(min));
                assertTrue(bound <= min + tol && bound >= min - tol, node.describe() + " output " + o + "[" + j + "]: IBP "
                    + (k < m ? "lower " : "upper ") + Math.abs(bound) + " vs exact " + Math.abs(min));
            }
        }
    }

    private void backwardExact(Map<String, Interval> boxes, boolean dropSecondOutput) {
        int rows = 3;
        int outputs = node.outputs().size();
        double[][] c = new double[outputs][];
        for (int o = 0; o < outputs; o++) {
            if (o == 1 && dropSecondOutput) {
                continue;
            }
            c[o] = new double[rows * graph.shape(node.outputs().get(o)).size()];
            for (int i = 0; i < c[o].length; i++) {
                c[o][i] = rnd.nextInt(5) == 0 ? 0 : rnd.nextGaussian();
            }
        }
        Backward b = backward(c, rows, boxes);
        for (String v : b.acc().keySet()) {
            assertTrue(!graph.isConstant(v), "accumulated into constant " + v);
        }
        for (int s = 0; s < 20; s++) {
            Map<String, double[]> x = point(boxes);
            List<Tensor> y = evaluate(x);
            for (int k = 0; k < rows; k++) {
                double lhs = 0;
                double scale = 1;
                for (int o = 0; o < outputs; o++) {
                    if (c[o] == null) {
                        continue;
                    }
                    double[] v = y.get(o).data();
                    for (int e = 0; e < v.length; e++) {
                        lhs += c[o][k * v.length + e] * v[e];
                        scale += Math.abs(c[o][k * v.length + e] * v[e]);
                    }
                }
                double rhs = b.bias()[k];
                scale += Math.abs(rhs);
                for (Map.Entry<String, double[]> e : b.acc().entrySet()) {
                    double[] xv = x.get(e.getKey());
                    for (int i = 0; i < xv.length; i++) {
                        rhs += e.getValue()[k * xv.length + i] * xv[i];
                        scale += Math.abs(e.getValue()[k * xv.length + i] * xv[i]);
                    }
                }
                assertEquals(lhs, rhs, 1e-9 * scale, node.describe() + ": row " + k + " of the backward step is not exact");
            }
        }
    }
}
