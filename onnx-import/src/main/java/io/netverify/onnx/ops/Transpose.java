package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/** ONNX Transpose: output axis i is input axis perm[i]; perm defaults to the reversed axes. */
public final class Transpose implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Shape x = inputs.get(0).shape();
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), outputShape(x, perm(node, x.rank()))));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        int[] perm = perm(node, x.shape().rank());
        int[] inStrides = x.shape().strides();
        int[] strides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            strides[i] = inStrides[perm[i]];
        }
        Shape out = outputShape(x.shape(), perm);
        return List.of(new Tensor(x.type(), out, IndexCopy.strided(x.backingArray(), 0, out.dims(), strides)));
    }

    private static Shape outputShape(Shape x, int[] perm) {
        int[] dims = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            dims[i] = x.dim(perm[i]);
        }
        return Shape.of(dims);
    }

    private static int[] perm(Node node, int rank) {
        long[] p = node.attributes().getInts("perm", null);
        int[] perm = new int[rank];
        if (p == null) {
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
            return perm;
        }
        boolean[] seen = new boolean[rank];
        if (p.length != rank) {
            throw new IllegalArgumentException("perm " + Arrays.toString(p) + " does not fit rank " + rank);
        }
        for (int i = 0; i < rank; i++) {
            if (p[i] < 0 || p[i] >= rank || seen[(int) p[i]]) {
                throw new IllegalArgumentException("perm " + Arrays.toString(p) + " is not a permutation of 0.." + (rank - 1));
            }
            seen[(int) p[i]] = true;
            perm[i] = (int) p[i];
        }
        return perm;
    }
}
