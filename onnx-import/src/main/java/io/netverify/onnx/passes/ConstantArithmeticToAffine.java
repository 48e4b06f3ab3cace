package io.netverify.onnx.passes;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Affine;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/**
 * Rewrites Add/Sub/Mul/Div with one constant operand, Neg, and inference BatchNormalization into
 * {@code Affine(x, scale, shift)}. Only when the constant does not enlarge x by broadcasting, so the
 * Affine keeps x's shape.
 */
public final class ConstantArithmeticToAffine implements GraphPass {
    @Override
    public Graph apply(Graph graph, String source) {
        GraphEditor e = new GraphEditor(graph, source);
        boolean changed = false;
        for (Node n : graph.nodes()) {
            Node affine = switch (n.opType()) {
                case "Add", "Sub", "Mul", "Div" -> binary(e, n);
                case "Neg" -> affine(e, n, n.input(0), Tensor.scalar(-1), Tensor.scalar(0));
                case "BatchNormalization" -> batchNorm(e, n);
                default -> null;
            };
            if (affine != null) {
                e.replace(n, affine);
                changed = true;
            }
        }
        return changed ? e.build() : graph;
    }

    private static Node binary(GraphEditor e, Node n) {
        Tensor a = e.constantOf(n.input(0));
        Tensor b = e.constantOf(n.input(1));
        if ((a == null) == (b == null)) {
            return null;
        }
        boolean constFirst = a != null;
        String x = constFirst ? n.input(1) : n.input(0);
        Tensor c = constFirst ? a : b;
        Shape xs = e.shape(x);
        if (!Broadcast.shape(xs, c.shape()).equals(xs)) {
            return null;
        }
        return switch (n.opType()) {
            case "Add" -> affine(e, n, x, Tensor.scalar(1), c);
            case "Sub" -> constFirst ? affine(e, n, x, Tensor.scalar(-1), c)
                : affine(e, n, x, Tensor.scalar(1), AffineTerms.map(c, v -> -v));
            case "Mul" -> affine(e, n, x, c, Tensor.scalar(0));
            default -> constFirst ? null : divide(e, n, x, c);
        };
    }

    /** x / c as x * (1/c), keeping a scalar c so that the Affine divides as the file does. */
    private static Node divide(GraphEditor e, Node n, String x, Tensor c) {
        Node a = affine(e, n, x, AffineTerms.map(c, v -> 1 / v), Tensor.scalar(0));
        return c.size() != 1 || c.get(0) == 0 ? a
            : new Node(a.name(), a.opType(), a.inputs(), a.outputs(), a.attributes().with(Affine.DIVISOR, c.get(0)));
    }

    /** Inference batch norm: y = (x - mean) / sqrt(var + eps) * gamma + beta, per channel (axis 1). */
    private static Node batchNorm(GraphEditor e, Node n) {
        Tensor gamma = e.constantOf(n.input(1));
        Tensor beta = e.constantOf(n.input(2));
        Tensor mean = e.constantOf(n.input(3));
        Tensor var = e.constantOf(n.input(4));
        Shape xs = e.shape(n.input(0));
        if (gamma == null || beta == null || mean == null || var == null || xs.rank() < 2 || n.outputs().size() > 1) {
            return null;
        }
        double eps = n.attributes().getFloat("epsilon", 1e-5);
        int c = xs.dim(1);
        int[] dims = new int[xs.rank() - 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = c;
        double[] scale = new double[c];
        double[] shift = new double[c];
        double[] folded = new double[c];
        for (int k = 0; k < c; k++) {
            scale[k] = gamma.get(k) / Math.sqrt(var.get(k) + eps);
            shift[k] = beta.get(k) - mean.get(k) * scale[k];
            folded[k] = Math.abs(beta.get(k)) + Math.abs(mean.get(k) * scale[k]);
        }
        Node a = affine(e, n, n.input(0), Tensor.of(Shape.of(dims), scale), Tensor.of(Shape.of(dims), shift));
        return new Node(a.name(), a.opType(), a.inputs(), a.outputs(),
            a.attributes().with(GraphPass.FOLDED_MAGNITUDE, Tensor.of(Shape.of(dims), folded)));
    }

    static Node affine(GraphEditor e, Node n, String x, Tensor scale, Tensor shift) {
        return new Node(n.name(), "Affine", List.of(x, e.constant(n.name() + "_scale", scale),
            e.constant(n.name() + "_shift", shift)), List.of(n.output()), Attributes.EMPTY);
    }
}
