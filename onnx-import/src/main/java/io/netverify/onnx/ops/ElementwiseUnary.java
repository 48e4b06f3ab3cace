package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Base of operators that apply one scalar function to every element of their first input; the
 * output has that input's shape. Subclasses also declare {@code implements Operator}: this base
 * does not, so that the operator lookup never takes it for an operator type.
 */
public abstract class ElementwiseUnary {
    /**
     * The scalar function of this node. {@code inputs} are the node's inputs, for operators whose
     * function depends on more than the operand (Clip's bounds).
     */
    public abstract DoubleUnaryOperator function(Node node, List<Tensor> inputs);

    /** The most inputs the operator takes; the first is the operand. */
    protected int maxInputs() {
        return 1;
    }

    /** The element type of the output for an operand of type {@code input}. */
    protected DataType outputType(Node node, DataType input) {
        return input;
    }

    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 1, maxInputs());
        ValueInfo x = inputs.get(0);
        return List.of(new ValueInfo(node.output(), outputType(node, x.type()), x.shape()));
    }

    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        DoubleUnaryOperator f = function(node, inputs);
        double[] in = x.backingArray();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = f.applyAsDouble(in[i]);
        }
        return List.of(new Tensor(outputType(node, x.type()), x.shape(), out));
    }
}
