package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX Shape: the input's dimensions as a 1-D INT64 tensor, optionally only those in [start, end)
 * (opset 15; negative values count from the end, both clamped to [0, rank]). Named ShapeOf so that
 * it does not shadow {@link Shape}.
 */
public final class ShapeOf implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        int[] dims = selected(node, inputs.get(0).shape());
        return List.of(new ValueInfo(node.output(), DataType.INT64, Shape.of(dims.length)));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        return List.of(Tensor.ints(Arrays.stream(selected(node, inputs.get(0).shape())).asLongStream().toArray()));
    }

    private static int[] selected(Node node, Shape x) {
        int r = x.rank();
        int start = bound(node.attributes().getInt("start", 0), r);
        int end = bound(node.attributes().getInt("end", r), r);
        return Arrays.copyOfRange(x.dims(), start, Math.max(start, end));
    }

    private static int bound(long v, int rank) {
        return (int) Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
    }

    @Override
    public boolean readsOnlyInputShape() {
        return true;
    }
}
