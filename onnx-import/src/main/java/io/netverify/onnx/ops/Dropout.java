package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Dropout at inference: the output is the input, and the optional mask output is all true
 * (BOOL from opset 10, the input's type before). Training mode is random, so it is rejected.
 */
public final class Dropout implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 1, 3);
        if (Arity.optional(inputs, 2) != null) {
            Tensor training = Arity.optional(constants, 2);
            if (training == null) {
                throw new IllegalArgumentException("training_mode must be a constant");
            }
            requireInference(training);
        }
        ValueInfo x = inputs.get(0);
        List<ValueInfo> out = new ArrayList<>();
        out.add(new ValueInfo(node.output(), x.type(), x.shape()));
        if (node.outputs().size() > 1) {
            out.add(new ValueInfo(node.outputs().get(1), maskType(node, x.type()), x.shape()));
        }
        return out;
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor training = Arity.optional(inputs, 2);
        if (training != null) {
            requireInference(training);
        }
        Tensor x = inputs.get(0);
        if (node.outputs().size() < 2) {
            return List.of(x);
        }
        double[] ones = new double[x.size()];
        Arrays.fill(ones, 1);
        return List.of(x, new Tensor(maskType(node, x.type()), x.shape(), ones));
    }

    private static void requireInference(Tensor training) {
        if (training.size() != 1 || training.get(0) != 0) {
            throw new IllegalArgumentException("Dropout in training mode (random) is not supported");
        }
    }

    private static DataType maskType(Node node, DataType input) {
        return Opset.of(node) < 10 ? input : DataType.BOOL;
    }
}
