package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.IntFunction;

/** ONNX Range: start, start + delta, ... while before limit: max(ceil((limit - start) / delta), 0) values of start's type. */
public final class Range implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        int n = count(StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), Shape.of(n)));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        IntFunction<Tensor> input = StaticInputs.values(inputs);
        int n = count(input);
        double start = input.apply(0).get(0);
        double delta = input.apply(2).get(0);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = start + i * delta;
        }
        return List.of(new Tensor(inputs.get(0).type(), Shape.of(n), y));
    }

    private static int count(IntFunction<Tensor> input) {
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            Tensor t = input.apply(i);
            if (t == null || t.size() != 1) {
                throw new IllegalArgumentException("start, limit and delta must be scalars");
            }
            v[i] = t.get(0);
        }
        if (v[2] == 0) {
            throw new IllegalArgumentException("delta must not be 0");
        }
        double n = Math.max(Math.ceil((v[1] - v[0]) / v[2]), 0);
        if (!(n <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("range of " + n + " elements is too large");
        }
        return (int) n;
    }
}
