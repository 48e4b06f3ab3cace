package io.netverify.onnx.passes;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Recognises the subgraphs exporters emit for GELU and replaces them by one {@code Gelu} node:
 * the erf form {@code 0.5 x (1 + erf(x / sqrt 2))} and the tanh form
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, in any order of the constant factors.
 * Runs after {@link ConstantArithmeticToAffine}, so constant arithmetic appears as scalar Affines.
 */
public final class GeluRecognition implements GraphPass {
    private static final double TOL = 1e-6;

    @Override
    public Graph apply(Graph graph, String source) {
        GraphEditor e = new GraphEditor(graph, source);
        boolean changed = false;
        for (Node n : graph.nodes()) {
            String x = null;
            String mode = null;
            if (n.opType().equals("Erf")) {
                x = scaledInput(graph, n.input(0), 1 / Math.sqrt(2));
                mode = "none";
            } else if (n.opType().equals("Tanh")) {
                String inner = scaledInput(graph, n.input(0), Math.sqrt(2 / Math.PI));
                x = inner == null ? null : cubicArgument(graph, inner);
                mode = "tanh";
            }
            if (x != null && rewriteTail(graph, e, n, x, mode)) {
                changed = true;
            }
        }
        return changed ? e.build() : graph;
    }

    /**
     * From the erf/tanh node f: u = p (1 + f), then m = u * (c x) and optionally r = d m, with
     * p c d = 1/2. Replaces the last of these by Gelu(x).
     */
    private static boolean rewriteTail(Graph g, GraphEditor e, Node f, String x, String mode) {
        Node plus = onlyConsumer(g, f.output());
        double[] pq = scalarAffine(g, plus);
        if (pq == null || Math.abs(pq[0] - pq[1]) > TOL * Math.abs(pq[0]) || pq[0] == 0) {
            return false;
        }
        Node mul = onlyConsumer(g, plus.output());
        if (mul == null || !mul.opType().equals("Mul")) {
            return false;
        }
        String other = mul.input(0).equals(plus.output()) ? mul.input(1) : mul.input(0);
        double c = 1;
        if (!other.equals(x)) {
            Node scaled = g.producer(other);
            double[] cs = scalarAffine(g, scaled);
            if (cs == null || cs[1] != 0 || !scaled.input(0).equals(x)) {
                return false;
            }
            c = cs[0];
        }
        double factor = pq[0] * c;
        Node last = mul;
        if (Math.abs(factor - 0.5) > TOL) {
            Node post = onlyConsumer(g, mul.output());
            double[] ds = scalarAffine(g, post);
            if (ds == null || ds[1] != 0 || Math.abs(factor * ds[0] - 0.5) > TOL) {
                return false;
            }
            last = post;
        }
        if (!e.contains(last)) {
            return false;
        }
        e.replace(last, new Node(last.name(), "Gelu", List.of(x), List.of(last.output()),
            Attributes.EMPTY.with("approximate", mode)));
        return true;
    }

    /** x when {@code value} is Affine(x, s, 0) with scalar s equal to {@code scale}. */
    private static String scaledInput(Graph g, String value, double scale) {
        Node p = g.producer(value);
        double[] s = scalarAffine(g, p);
        return s != null && s[1] == 0 && Math.abs(s[0] / scale - 1) < TOL ? p.input(0) : null;
    }

    /** x when {@code value} is x + 0.044715 x^3 (Add of x and a scalar Affine of Pow(x, 3) or x*x*x). */
    private static String cubicArgument(Graph g, String value) {
        Node add = g.producer(value);
        if (add == null || !add.opType().equals("Add")) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            String x = add.input(i);
            Node scaled = g.producer(add.input(1 - i));
            double[] s = scalarAffine(g, scaled);
            if (s != null && s[1] == 0 && Math.abs(s[0] / 0.044715 - 1) < TOL && isCube(g, scaled.input(0), x)) {
                return x;
            }
        }
        return null;
    }

    private static boolean isCube(Graph g, String value, String x) {
        Node p = g.producer(value);
        if (p == null) {
            return false;
        }
        if (p.opType().equals("Pow")) {
            Tensor exp = g.constant(p.input(1));
            return p.input(0).equals(x) && exp != null && exp.size() == 1 && exp.get(0) == 3;
        }
        if (p.opType().equals("Mul")) {
            for (int i = 0; i < 2; i++) {
                Node sq = g.producer(p.input(1 - i));
                if (p.input(i).equals(x) && sq != null && sq.opType().equals("Mul")
                    && sq.input(0).equals(x) && sq.input(1).equals(x)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Node onlyConsumer(Graph g, String value) {
        List<Node> c = g.consumers(value);
        return c.size() == 1 && !g.outputs().contains(value) ? c.get(0) : null;
    }

    /** {scale, shift} of an Affine node with scalar constants, else null. */
    static double[] scalarAffine(Graph g, Node n) {
        if (n == null || !n.opType().equals("Affine")) {
            return null;
        }
        Tensor s = g.constant(n.input(1));
        Tensor t = g.constant(n.input(2));
        return s != null && t != null && s.size() == 1 && t.size() == 1 ? new double[] {s.get(0), t.get(0)} : null;
    }
}
