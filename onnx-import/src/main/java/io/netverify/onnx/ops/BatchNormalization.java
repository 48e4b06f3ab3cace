package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * ONNX BatchNormalization in inference form:
 * {@code Y = (X - mean) / sqrt(var + epsilon) * scale + B}, per channel (axis 1). The statistics
 * have shape [C], or X's shape without the batch axis for the per-activation form of opset < 9
 * (spatial = 0). Training mode and the training outputs are rejected.
 */
public final class BatchNormalization implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        check(node, inputs.get(0).shape(), statistics(inputs).stream().map(ValueInfo::shape).toList());
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), inputs.get(0).shape()));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Layout layout = check(node, x.shape(), statistics(inputs).stream().map(Tensor::shape).toList());
        double[] scale = inputs.get(1).backingArray();
        double[] bias = inputs.get(2).backingArray();
        double[] mean = inputs.get(3).backingArray();
        double[] var = inputs.get(4).backingArray();
        double eps = node.attributes().getFloat("epsilon", 1e-5);
        double[] xd = x.backingArray();
        double[] y = new double[xd.length];
        for (int i = 0; i < xd.length; i++) {
            int c = (i / layout.run) % layout.count;
            y[i] = (xd[i] - mean[c]) / Math.sqrt(var[c] + eps) * scale[c] + bias[c];
        }
        return List.of(new Tensor(x.type(), x.shape(), y));
    }

    /** Inputs 1-4 (scale, B, mean, var), all required. */
    private static <T> List<T> statistics(List<T> inputs) {
        if (inputs.size() != 5 || inputs.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("needs the five inputs X, scale, B, mean and var");
        }
        return inputs.subList(1, 5);
    }

    /** Element i of X uses parameter {@code (i / run) % count}. */
    private record Layout(int run, int count) {
    }

    private static Layout check(Node node, Shape x, List<Shape> params) {
        if (node.attributes().getInt("training_mode", 0) != 0) {
            throw new IllegalArgumentException("training_mode=1 is not supported");
        }
        for (int i = 1; i < node.outputs().size(); i++) {
            if (!node.outputs().get(i).isEmpty()) {
                throw new IllegalArgumentException("the training outputs (mean, var, saved statistics) are not supported");
            }
        }
        if (x.rank() < 2) {
            throw new IllegalArgumentException("input must have rank >= 2, got " + x);
        }
        Shape perActivation = Shape.of(Arrays.copyOfRange(x.dims(), 1, x.rank()));
        Shape first = params.get(0);
        boolean perChannel = first.rank() == 1 && first.dim(0) == x.dim(1);
        if (!perChannel && !first.equals(perActivation)) {
            throw new IllegalArgumentException("scale " + first + " must have shape [" + x.dim(1) + "] for input " + x);
        }
        for (Shape p : params) {
            if (!p.equals(first)) {
                throw new IllegalArgumentException("scale, B, mean and var must have equal shapes, got " + params);
            }
        }
        int run = perChannel ? Shape.of(Arrays.copyOfRange(x.dims(), 2, x.rank())).size() : 1;
        return new Layout(run, first.size());
    }
}
