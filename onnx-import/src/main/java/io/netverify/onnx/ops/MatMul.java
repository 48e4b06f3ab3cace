package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX MatMul with numpy semantics: a 1-D first operand is a row vector and a 1-D second operand
 * a column vector (the added dimension is removed from the result); operands of higher rank are
 * stacks of matrices whose leading dimensions broadcast.
 */
public final class MatMul implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Arity.check(inputs, 2, 2);
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(),
            new Layout(inputs.get(0).shape(), inputs.get(1).shape()).out));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor a = inputs.get(0);
        Tensor b = inputs.get(1);
        Layout l = new Layout(a.shape(), b.shape());
        int[] aIndex = Broadcast.indexMap(l.batchA, l.batch);
        int[] bIndex = Broadcast.indexMap(l.batchB, l.batch);
        int mk = l.m * l.k;
        int kn = l.k * l.n;
        int mn = l.m * l.n;
        double[] y = new double[l.out.size()];
        for (int t = 0; t < aIndex.length; t++) {
            MatrixKernels.multiplyAdd(a.backingArray(), aIndex[t] * mk, b.backingArray(), bIndex[t] * kn, y, t * mn, l.m, l.k, l.n);
        }
        return List.of(new Tensor(a.type(), l.out, y));
    }

    /** Matrix sizes, batch shapes and the result shape of A x B. */
    private static final class Layout {
        final int m;
        final int k;
        final int n;
        final Shape batchA;
        final Shape batchB;
        final Shape batch;
        final Shape out;

        Layout(Shape a, Shape b) {
            if (a.rank() == 0 || b.rank() == 0) {
                throw new IllegalArgumentException("operands must have rank >= 1, got shapes " + a + " and " + b);
            }
            int[] ad = a.dims();
            int[] bd = b.dims();
            boolean aVector = ad.length == 1;
            boolean bVector = bd.length == 1;
            m = aVector ? 1 : ad[ad.length - 2];
            k = ad[ad.length - 1];
            int kb = bVector ? bd[0] : bd[bd.length - 2];
            n = bVector ? 1 : bd[bd.length - 1];
            if (k != kb) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not match for a matrix product");
            }
            batchA = Shape.of(Arrays.copyOf(ad, Math.max(0, ad.length - 2)));
            batchB = Shape.of(Arrays.copyOf(bd, Math.max(0, bd.length - 2)));
            batch = Broadcast.shape(batchA, batchB);
            int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + (aVector ? 0 : 1) + (bVector ? 0 : 1));
            int at = batch.rank();
            if (!aVector) {
                outDims[at++] = m;
            }
            if (!bVector) {
                outDims[at] = n;
            }
            out = Shape.of(outDims);
        }
    }
}
