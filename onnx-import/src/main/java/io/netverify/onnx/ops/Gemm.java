package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * ONNX Gemm: {@code Y = alpha * A' B' + beta * C} with {@code A' = transA ? A^T : A} [M x K],
 * {@code B' = transB ? B^T : B} [K x N] and the optional C broadcast to [M x N]. As in ONNX
 * runtimes, C is not read when beta is 0.
 */
public final class Gemm implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 2, 3);
        Dims d = dims(node, inputs.get(0).shape(), inputs.get(1).shape());
        Shape out = Shape.of(d.m, d.n);
        ValueInfo c = Arity.optional(inputs, 2);
        if (c != null && !Broadcast.shape(c.shape(), out).equals(out)) {
            throw new IllegalArgumentException("C of shape " + c.shape() + " does not broadcast to " + out);
        }
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), out));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor a = inputs.get(0);
        Tensor b = inputs.get(1);
        Tensor c = Arity.optional(inputs, 2);
        Dims d = dims(node, a.shape(), b.shape());
        double alpha = node.attributes().getFloat("alpha", 1);
        double beta = node.attributes().getFloat("beta", 1);
        double[] left = d.transA ? MatrixKernels.transpose(a.backingArray(), d.k, d.m) : a.backingArray();
        double[] y = new double[d.m * d.n];
        if (d.transB) {
            MatrixKernels.multiplyAddTransposed(left, b.backingArray(), y, d.m, d.k, d.n);
        } else {
            MatrixKernels.multiplyAdd(left, 0, b.backingArray(), 0, y, 0, d.m, d.k, d.n);
        }
        Shape out = Shape.of(d.m, d.n);
        int[] cIndex = c == null || beta == 0 ? null : Broadcast.indexMap(c.shape(), out);
        for (int i = 0; i < y.length; i++) {
            y[i] = alpha * y[i];
            if (cIndex != null) {
                y[i] += beta * c.get(cIndex[i]);
            }
        }
        return List.of(new Tensor(a.type(), out, y));
    }

    private record Dims(int m, int k, int n, boolean transA, boolean transB) {
    }

    private static Dims dims(Node node, Shape a, Shape b) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("A and B must be matrices, got shapes " + a + " and " + b);
        }
        boolean transA = node.attributes().getInt("transA", 0) != 0;
        boolean transB = node.attributes().getInt("transB", 0) != 0;
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: A" + (transA ? "^T" : "") + " is " + m + "x" + k
                + ", B" + (transB ? "^T" : "") + " is " + kb + "x" + n);
        }
        return new Dims(m, k, n, transA, transB);
    }
}
