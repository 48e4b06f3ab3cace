package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/** ONNX Where(condition, x, y): {@code condition ? x : y} element-wise, all three broadcast. */
public final class Where implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 3, 3);
        Shape shape = Broadcast.shape(Broadcast.shape(inputs.get(0).shape(), inputs.get(1).shape()),
            inputs.get(2).shape());
        return List.of(new ValueInfo(node.output(), inputs.get(1).type(), shape));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor c = inputs.get(0);
        Tensor x = inputs.get(1);
        Tensor y = inputs.get(2);
        Shape shape = Broadcast.shape(Broadcast.shape(c.shape(), x.shape()), y.shape());
        int[] mc = Broadcast.indexMap(c.shape(), shape);
        int[] mx = Broadcast.indexMap(x.shape(), shape);
        int[] my = Broadcast.indexMap(y.shape(), shape);
        double[] out = new double[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.get(mc[i]) != 0 ? x.get(mx[i]) : y.get(my[i]);
        }
        return List.of(new Tensor(x.type(), shape, out));
    }
}
