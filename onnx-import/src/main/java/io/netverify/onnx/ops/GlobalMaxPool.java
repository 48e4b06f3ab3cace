package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/** ONNX GlobalMaxPool: the maximum over all spatial positions of each [n, c] plane; output [N, C, 1, ...]. */
public final class GlobalMaxPool implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), outputShape(inputs.get(0).shape())));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        return List.of(new Tensor(x.type(), outputShape(x.shape()), reducePlanes(x, Double.NEGATIVE_INFINITY, Math::max)));
    }

    /** [N, C, 1, ..., 1] for an input [N, C, D...]. */
    static Shape outputShape(Shape x) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException("global pooling needs an input of rank >= 3, got " + x);
        }
        int[] ones = new int[x.rank() - 2];
        Arrays.fill(ones, 1);
        return Window.batchChannelShape(x.dim(0), x.dim(1), ones);
    }

    /** Folds each [n, c] plane of x (in order) starting from {@code identity}. */
    static double[] reducePlanes(Tensor x, double identity, DoubleBinaryOperator op) {
        int planes = x.shape().dim(0) * x.shape().dim(1);
        int planeSize = planes == 0 ? 0 : x.size() / planes;
        double[] r = new double[planes];
        double[] d = x.backingArray();
        for (int p = 0; p < planes; p++) {
            double acc = identity;
            for (int i = p * planeSize; i < (p + 1) * planeSize; i++) {
                acc = op.applyAsDouble(acc, d[i]);
            }
            r[p] = acc;
        }
        return r;
    }
}
