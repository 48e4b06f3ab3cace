package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * Project operator Linear(x, W, b?): {@code y[..., o] = sum_i x[..., i] W[o, i] + b[o]} with W of
 * shape [out, in] and the optional b of shape [out]; every leading dimension of x is kept.
 */
public final class Linear implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 2, 3);
        ValueInfo b = Arity.optional(inputs, 2);
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(),
            outShape(inputs.get(0).shape(), inputs.get(1).shape(), b == null ? null : b.shape())));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Tensor w = inputs.get(1);
        Tensor b = Arity.optional(inputs, 2);
        Shape out = outShape(x.shape(), w.shape(), b == null ? null : b.shape());
        int outFeatures = w.shape().dim(0);
        int inFeatures = w.shape().dim(1);
        int rows = x.size() / inFeatures;
        double[] y = new double[out.size()];
        MatrixKernels.multiplyAddTransposed(x.backingArray(), w.backingArray(), y, rows, inFeatures, outFeatures);
        if (b != null) {
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < outFeatures; o++) {
                    y[r * outFeatures + o] += b.get(o);
                }
            }
        }
        return List.of(new Tensor(x.type(), out, y));
    }

    private static Shape outShape(Shape x, Shape w, Shape b) {
        if (w.rank() != 2) {
            throw new IllegalArgumentException("weight must be a matrix [out, in], has shape " + w);
        }
        if (x.rank() == 0 || x.dim(x.rank() - 1) != w.dim(1)) {
            throw new IllegalArgumentException("input of shape " + x + " does not end with the weight's "
                + w.dim(1) + " input features");
        }
        if (b != null && (b.rank() != 1 || b.dim(0) != w.dim(0))) {
            throw new IllegalArgumentException("bias must have shape [" + w.dim(0) + "], has shape " + b);
        }
        int[] dims = x.dims();
        dims[dims.length - 1] = w.dim(0);
        return Shape.of(dims);
    }
}
