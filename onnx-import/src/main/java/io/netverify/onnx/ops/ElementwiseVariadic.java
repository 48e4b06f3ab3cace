package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * Base of operators folding one or more broadcast inputs element by element, left to right
 * (Max, Min, Sum, Mean). Subclasses declare {@code implements Operator} themselves.
 */
public abstract class ElementwiseVariadic {
    /** Combines the running value with the next operand's element. */
    protected abstract double combine(double acc, double x);

    /** The result from the combination of {@code count} operands. */
    protected double finish(double acc, int count) {
        return acc;
    }

    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 1, Integer.MAX_VALUE);
        Shape shape = inputs.get(0).shape();
        for (ValueInfo in : inputs) {
            if (in == null) {
                throw new IllegalArgumentException("omitted inputs are not allowed");
            }
            shape = Broadcast.shape(shape, in.shape());
        }
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), shape));
    }

    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        DataType type = inputs.get(0).type();
        Tensor acc = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            Tensor next = inputs.get(i);
            Shape shape = Broadcast.shape(acc.shape(), next.shape());
            acc = new Tensor(type, shape, ElementwiseBinary.combine(acc, next, shape, this::combine));
        }
        double[] out = acc.data();
        for (int i = 0; i < out.length; i++) {
            out[i] = finish(out[i], inputs.size());
        }
        return List.of(new Tensor(type, acc.shape(), TypeConversion.integerResults(type, out)));
    }
}
