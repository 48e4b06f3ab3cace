package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * ONNX Clip: {@code min(max(x, lo), hi)} (so {@code hi} wins when {@code lo > hi}). Before opset 11
 * the bounds are float attributes {@code min}/{@code max} defaulting to the float32 range; from
 * opset 11 they are optional scalar inputs, and an omitted bound does not clip.
 */
public final class Clip extends ElementwiseUnary implements Operator {
    @Override
    protected int maxInputs() {
        return 3;
    }

    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        List<ValueInfo> out = super.infer(node, inputs, constants);
        boolean boundInputs = Arity.optional(inputs, 1) != null || Arity.optional(inputs, 2) != null;
        if (attributeForm(node) && boundInputs) {
            throw new IllegalArgumentException("bounds given as inputs, but this Clip takes min/max attributes"
                + " (attributes present or opset < 11)");
        }
        for (int i = 1; i < inputs.size(); i++) {
            if (inputs.get(i) != null && inputs.get(i).shape().size() != 1) {
                throw new IllegalArgumentException("bound input " + i + " must be a scalar, has shape "
                    + inputs.get(i).shape());
            }
        }
        return out;
    }

    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        double lo;
        double hi;
        if (attributeForm(node)) {
            lo = node.attributes().getFloat("min", -Float.MAX_VALUE);
            hi = node.attributes().getFloat("max", Float.MAX_VALUE);
        } else {
            lo = bound(inputs, 1, Double.NEGATIVE_INFINITY);
            hi = bound(inputs, 2, Double.POSITIVE_INFINITY);
        }
        return x -> Math.min(Math.max(x, lo), hi);
    }

    private static boolean attributeForm(Node node) {
        return node.attributes().has("min") || node.attributes().has("max") || Opset.of(node) < 11;
    }

    private static double bound(List<Tensor> inputs, int i, double absent) {
        Tensor t = Arity.optional(inputs, i);
        return t == null ? absent : t.get(0);
    }
}
