package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * Project operator Affine(x, scale, shift): {@code x * scale + shift} element-wise, with scale and
 * shift broadcast to x's shape, which is the output shape. An Affine made from a division by a
 * scalar constant c carries c in attribute {@value #DIVISOR} and computes {@code x / c + shift},
 * as the file's Div does; its scale is the rounded 1/c, which bound propagation uses (its rounding
 * error is relative, within the margin every linear node's bounds are widened by).
 */
public final class Affine implements Operator {
    /** Attribute: the scalar constant x is divided by, when the Affine stands for a Div. */
    public static final String DIVISOR = "divisor";

    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 3, 3);
        Shape x = inputs.get(0).shape();
        requireBroadcastsTo("scale", inputs.get(1).shape(), x);
        requireBroadcastsTo("shift", inputs.get(2).shape(), x);
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), x));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Tensor scale = inputs.get(1);
        Tensor shift = inputs.get(2);
        int[] scaleIndex = Broadcast.indexMap(scale.shape(), x.shape());
        int[] shiftIndex = Broadcast.indexMap(shift.shape(), x.shape());
        double[] in = x.backingArray();
        double[] out = new double[in.length];
        double divisor = node.attributes().getFloat(DIVISOR, 0);
        for (int i = 0; i < in.length; i++) {
            double scaled = divisor != 0 ? in[i] / divisor : in[i] * scale.get(scaleIndex[i]);
            out[i] = scaled + shift.get(shiftIndex[i]);
        }
        return List.of(new Tensor(x.type(), x.shape(), out));
    }

    private static void requireBroadcastsTo(String what, Shape s, Shape x) {
        if (!Broadcast.shape(s, x).equals(x)) {
            throw new IllegalArgumentException(what + " of shape " + s + " does not broadcast to the input shape " + x);
        }
    }
}
