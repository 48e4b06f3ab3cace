package io.netverify.onnx.passes;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites Gemm and MatMul whose weight operand is constant into {@code Linear(x, W[out,in], b)}:
 * Gemm's transB, alpha and beta (and a bias broadcast along the output axis) are folded into W and b.
 * A Gemm with transA = 1 on a computed operand becomes Transpose(A) and a Gemm without transA first,
 * which bound propagation supports whether or not it then becomes Linear.
 */
public final class LinearRecognition implements GraphPass {
    @Override
    public Graph apply(Graph graph, String source) {
        GraphEditor e = new GraphEditor(graph, source);
        boolean changed = false;
        for (Node n : graph.nodes()) {
            if (n.opType().equals("Gemm") && n.attributes().getInt("transA", 0) != 0 && e.constantOf(n.input(0)) == null) {
                String t = e.freshValue(n.input(0));
                Node transpose = new Node(n.name() + "_transposeA", "Transpose", List.of(n.input(0)), List.of(t),
                    Attributes.EMPTY.with("perm", new long[] {1, 0}));
                List<String> inputs = new ArrayList<>(n.inputs());
                inputs.set(0, t);
                Node plain = new Node(n.name(), "Gemm", inputs, n.outputs(), n.attributes().with("transA", 0L));
                Node linear = gemm(e, plain);
                e.replace(n, transpose, linear == null ? plain : linear);
                changed = true;
                continue;
            }
            Node linear = switch (n.opType()) {
                case "Gemm" -> gemm(e, n);
                case "MatMul" -> matMul(e, n);
                default -> null;
            };
            if (linear != null && AffineTerms.finite(e, linear)) {
                e.replace(n, linear);
                changed = true;
            }
        }
        return changed ? e.build() : graph;
    }

    /** The Gemm as a Linear, or null where it is not one or folding alpha and beta would not be exact enough. */
    private static Node gemm(GraphEditor e, Node n) {
        try {
            Node linear = foldedGemm(e, n);
            return linear != null && AffineTerms.finite(e, linear) ? linear : null;
        } catch (AffineTerms.Underflow lossy) {
            return null;
        }
    }

    private static Node foldedGemm(GraphEditor e, Node n) {
        Attributes a = n.attributes();
        Tensor b = e.constantOf(n.input(1));
        if (b == null || a.getInt("transA", 0) != 0 || e.constantOf(n.input(0)) != null) {
            return null;
        }
        double alpha = a.getFloat("alpha", 1);
        double beta = a.getFloat("beta", 1);
        boolean transB = a.getInt("transB", 0) != 0;
        int out = transB ? b.shape().dim(0) : b.shape().dim(1);
        int in = transB ? b.shape().dim(1) : b.shape().dim(0);
        double[] w = new double[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = AffineTerms.times(alpha, transB ? b.get(o * in + i) : b.get(i * out + o));
            }
        }
        List<String> inputs = new ArrayList<>(List.of(n.input(0), e.constant(n.name() + "_W", Tensor.of(Shape.of(out, in), w))));
        if (!n.input(2).isEmpty()) {
            Tensor c = e.constantOf(n.input(2));
            if (c == null || !(c.size() == 1 || c.size() == out && AffineTerms.variesOnlyAlong(c, 2, 1))) {
                return null;
            }
            double[] bias = new double[out];
            for (int o = 0; o < out; o++) {
                bias[o] = AffineTerms.times(beta, AffineTerms.along(c, o));
            }
            inputs.add(e.constant(n.name() + "_b", Tensor.of(Shape.of(out), bias)));
        }
        return new Node(n.name(), "Linear", inputs, List.of(n.output()), Attributes.EMPTY);
    }

    private static Node matMul(GraphEditor e, Node n) {
        Tensor b = e.constantOf(n.input(1));
        if (b == null || b.shape().rank() != 2 || e.shape(n.input(0)).rank() < 2 || e.constantOf(n.input(0)) != null) {
            return null;
        }
        int in = b.shape().dim(0);
        int out = b.shape().dim(1);
        double[] w = new double[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = b.get(i * out + o);
            }
        }
        return new Node(n.name(), "Linear", List.of(n.input(0), e.constant(n.name() + "_W", Tensor.of(Shape.of(out, in), w))),
            List.of(n.output()), Attributes.EMPTY);
    }
}
