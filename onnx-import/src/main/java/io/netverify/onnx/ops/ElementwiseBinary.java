package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Base of operators combining two inputs element by element with numpy broadcasting. Results of
 * integer type are truncated and wrapped as the integer arithmetic of ONNX runtimes does. Like
 * {@link ElementwiseUnary}, subclasses declare {@code implements Operator} themselves.
 */
public abstract class ElementwiseBinary {
    /** The scalar operation. */
    public abstract double apply(double a, double b);

    /** The element type of the output when the first operand has type {@code a}. */
    protected DataType outputType(DataType a) {
        return a;
    }

    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 2, 2);
        ValueInfo a = inputs.get(0);
        ValueInfo b = inputs.get(1);
        return List.of(new ValueInfo(node.output(), outputType(a.type()), Broadcast.shape(a.shape(), b.shape())));
    }

    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor a = inputs.get(0);
        Tensor b = inputs.get(1);
        Shape shape = Broadcast.shape(a.shape(), b.shape());
        DataType type = outputType(a.type());
        double[] out = combine(a, b, shape, this::apply);
        return List.of(new Tensor(type, shape, TypeConversion.integerResults(type, out)));
    }

    /** {@code f} applied to the elements of {@code a} and {@code b} broadcast to {@code shape}. */
    static double[] combine(Tensor a, Tensor b, Shape shape, DoubleBinaryOperator f) {
        double[] x = a.backingArray();
        double[] y = b.backingArray();
        double[] out = new double[shape.size()];
        boolean aFull = a.shape().equals(shape);
        boolean bFull = b.shape().equals(shape);
        if (aFull && bFull) {
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(x[i], y[i]);
            }
        } else if (aFull && y.length == 1) {
            double v = y[0];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(x[i], v);
            }
        } else if (bFull && x.length == 1) {
            double v = x[0];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(v, y[i]);
            }
        } else {
            int[] mapA = Broadcast.indexMap(a.shape(), shape);
            int[] mapB = Broadcast.indexMap(b.shape(), shape);
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(x[mapA[i]], y[mapB[i]]);
            }
        }
        return out;
    }
}
