package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/** ONNX GlobalAveragePool: the mean over all spatial positions of each [n, c] plane; output [N, C, 1, ...]. */
public final class GlobalAveragePool implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), GlobalMaxPool.outputShape(inputs.get(0).shape())));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        double[] sums = GlobalMaxPool.reducePlanes(x, 0.0, Double::sum);
        int planeSize = x.size() / Math.max(1, sums.length);
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= planeSize;
        }
        return List.of(new Tensor(x.type(), GlobalMaxPool.outputShape(x.shape()), sums));
    }
}
