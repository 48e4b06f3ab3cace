package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * Base of Softmax and LogSoftmax. From opset 13 they normalise along attribute {@code axis}
 * (default -1); before, the input is viewed as a 2-D matrix [d0*...*d(axis-1), d(axis)*...*d(n-1)]
 * (axis default 1) and each row is normalised. Shifting by the group maximum keeps exp finite.
 * Subclasses declare {@code implements Operator} themselves.
 */
public abstract class SoftmaxBase {
    /** The output element for input {@code x} of a group with maximum {@code max} and sum of e^(x-max). */
    protected abstract double value(double x, double max, double sumExp);

    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 1, 1);
        ValueInfo x = inputs.get(0);
        axis(node, x.shape());
        return List.of(new ValueInfo(node.output(), x.type(), x.shape()));
    }

    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Shape shape = x.shape();
        int axis = axis(node, shape);
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape.dim(d);
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.rank(); d++) {
            inner *= shape.dim(d);
        }
        int n = shape.dim(axis);
        if (Opset.of(node) < 13) {
            n *= inner;
            inner = 1;
        }
        double[] in = x.backingArray();
        double[] out = new double[in.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int start = o * n * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, in[start + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(in[start + k * inner] - max);
                }
                for (int k = 0; k < n; k++) {
                    int at = start + k * inner;
                    out[at] = value(in[at], max, sum);
                }
            }
        }
        return List.of(new Tensor(x.type(), shape, out));
    }

    private static int axis(Node node, Shape shape) {
        long defaultAxis = Opset.of(node) < 13 ? 1 : -1;
        return shape.axis(node.attributes().getInt("axis", defaultAxis));
    }
}
