package io.netverify.onnx.passes;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Affine;
import io.netverify.onnx.ops.Gelu;

import java.util.List;

/**
 * Recognises the subgraphs exporters emit for GELU and replaces them by one {@code Gelu} node:
 * the erf form {@code 0.5 x (1 + erf(x / sqrt 2))} and the tanh form
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, in any order of the constant factors.
 * Runs after {@link ConstantArithmeticToAffine}, so constant arithmetic appears as scalar Affines.
 *
 * <p>The constants only need to be near the textbook ones (relative {@value #TOL}) to be
 * recognised, but the Gelu node keeps the file's own (see {@link Gelu.Form}): exporters write them
 * in float32 (sqrt 2 as 1.4142135381698608), and the function is the file's. The subgraph is fused
 * only when it is exactly {@code A x (1 + g(s x))}: the shift of {@code 1 + g} equal to its scale,
 * and the product A of the outer constants exact in float64.
 */
public final class GeluRecognition implements GraphPass {
    private static final double TOL = 1e-6;

    /**
     * The operand x of a GELU subgraph, the scale s of erf's or tanh's argument (or its divisor c, 0
     * when it is multiplied), and the cubic k.
     */
    private record Inner(String x, double scale, double divisor, double cubic) {
    }

    @Override
    public Graph apply(Graph graph, String source) {
        GraphEditor e = new GraphEditor(graph, source);
        boolean changed = false;
        for (Node n : graph.nodes()) {
            Inner inner = null;
            if (n.opType().equals("Erf")) {
                double[] s = scaled(graph, n.input(0), 1 / Math.sqrt(2));
                inner = s == null ? null : new Inner(graph.producer(n.input(0)).input(0), s[0], s[1], 0);
            } else if (n.opType().equals("Tanh")) {
                double[] s = scaled(graph, n.input(0), Math.sqrt(2 / Math.PI));
                Inner cubic = s == null ? null : cubicArgument(graph, graph.producer(n.input(0)).input(0));
                inner = cubic == null ? null : new Inner(cubic.x(), s[0], s[1], cubic.cubic());
            }
            if (inner != null && rewriteTail(graph, e, n, inner)) {
                changed = true;
            }
        }
        return changed ? e.build() : graph;
    }

    /**
     * From the erf/tanh node f: u = p (1 + f), then m = u * (c x) and optionally r = d m, with
     * p c d = 1/2 (near enough) and exact. Replaces the last of these by Gelu(x).
     */
    private static boolean rewriteTail(Graph g, GraphEditor e, Node f, Inner inner) {
        String x = inner.x();
        Node plus = onlyConsumer(g, f.output());
        double[] pq = scalarAffine(g, plus);
        if (pq == null || pq[0] != pq[1] || !(pq[0] > 0)) {
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
            c = multiplier(scaled, cs[0]);
        }
        double factor = exactProduct(pq[0], c);
        Node last = mul;
        if (Math.abs(factor - 0.5) > TOL) {
            Node post = onlyConsumer(g, mul.output());
            double[] ds = scalarAffine(g, post);
            if (ds == null || ds[1] != 0) {
                return false;
            }
            factor = exactProduct(factor, multiplier(post, ds[0]));
            last = post;
        }
        if (!(Math.abs(factor - 0.5) <= TOL) || !e.contains(last)) {
            return false;
        }
        Attributes a = Attributes.EMPTY.with("approximate", inner.cubic() == 0 ? "none" : "tanh")
            .with(Gelu.FACTOR, factor).with(Gelu.SCALE, inner.scale());
        a = inner.divisor() == 0 ? a : a.with(Gelu.DIVISOR, inner.divisor());
        e.replace(last, new Node(last.name(), "Gelu", List.of(x), List.of(last.output()),
            inner.cubic() == 0 ? a : a.with(Gelu.CUBIC, inner.cubic())));
        return true;
    }

    /**
     * What an Affine with this scale multiplies by: the scale, or for an Affine that divides by c,
     * 1/c when the scale is exactly that; else NaN (which matches no GELU).
     */
    private static double multiplier(Node affine, double scale) {
        double c = affine.attributes().getFloat(Affine.DIVISOR, 0);
        return c == 0 || exactProduct(c, scale) == 1 ? scale : Double.NaN;
    }

    /** a b when float64 holds it exactly, else NaN (which matches no GELU). */
    private static double exactProduct(double a, double b) {
        double p = a * b;
        return Double.isFinite(p) && Math.fma(a, b, -p) == 0 ? p : Double.NaN;
    }

    /**
     * {s, c} when {@code value} is Affine(x, s, 0) with scalar s near {@code scale}, c its divisor
     * (0 when it multiplies), else null.
     */
    private static double[] scaled(Graph g, String value, double scale) {
        Node p = g.producer(value);
        double[] s = scalarAffine(g, p);
        return s != null && s[1] == 0 && Math.abs(s[0] / scale - 1) < TOL
            ? new double[] {s[0], p.attributes().getFloat(Affine.DIVISOR, 0)} : null;
    }

    /** x and k when {@code value} is x + k x^3 with k near 0.044715 (Add of x and a scalar Affine of Pow(x, 3) or x*x*x). */
    private static Inner cubicArgument(Graph g, String value) {
        Node add = g.producer(value);
        if (add == null || !add.opType().equals("Add")) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            String x = add.input(i);
            Node scaled = g.producer(add.input(1 - i));
            double[] s = scalarAffine(g, scaled);
            double k = s == null || s[1] != 0 ? Double.NaN : multiplier(scaled, s[0]);
            if (Math.abs(k / 0.044715 - 1) < TOL && isCube(g, scaled.input(0), x)) {
                return new Inner(x, 1, 0, k);
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
