package io.netverify.onnx.passes;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Arithmetic on the constant scale/shift tensors of Affine nodes, with broadcasting. */
final class AffineTerms {
    private AffineTerms() {
    }

    static Tensor multiply(Tensor a, Tensor b) {
        return combine(a, b, false);
    }

    static Tensor add(Tensor a, Tensor b) {
        return combine(a, b, true);
    }

    static Tensor map(Tensor a, java.util.function.DoubleUnaryOperator f) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(a.get(i));
        }
        return Tensor.of(a.shape(), d);
    }

    /**
     * Whether {@code t}, right-aligned against {@code rank} dimensions, varies only along
     * {@code axis} (every other dimension is 1).
     */
    static boolean variesOnlyAlong(Tensor t, int rank, int axis) {
        int offset = rank - t.shape().rank();
        if (offset < 0) {
            return false;
        }
        for (int i = 0; i < t.shape().rank(); i++) {
            if (i + offset != axis && t.shape().dim(i) != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every constant input and the folded magnitude of a fused node are finite. Folding
     * multiplies constants the file keeps apart: (1e200 x) 1e200 folded into one weight is infinite,
     * another function than the file's, so such a node is not fused.
     */
    static boolean finite(GraphEditor e, Node fused) {
        List<Tensor> tensors = new ArrayList<>();
        fused.inputs().stream().map(e::constantOf).filter(Objects::nonNull).forEach(tensors::add);
        tensors.add(folded(fused));
        for (Tensor t : tensors) {
            for (double v : t.backingArray()) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * a b for a folded constant. A product below the normal range loses precision whatever the
     * factors' size (1e-200 x 1e-150 is 0), which the rounding margin's relative terms do not cover:
     * such a fusion would change the function, so it throws {@link Underflow} and is not made.
     */
    static double times(double a, double b) {
        double p = a * b;
        boolean unit = Math.abs(a) == 1 || Math.abs(b) == 1; // exact, whatever the other factor
        if (!unit && (p == 0 ? a != 0 && b != 0 : Math.abs(p) < Double.MIN_NORMAL)) {
            throw new Underflow();
        }
        return p;
    }

    /** A folded product underflowed: the fusion is not made. */
    static final class Underflow extends RuntimeException {
        Underflow() {
            super(null, null, false, false);
        }
    }

    /** |a|, element-wise. */
    static Tensor abs(Tensor a) {
        return map(a, Math::abs);
    }

    /** The {@link GraphPass#FOLDED_MAGNITUDE} of a node, or a scalar 0. */
    static Tensor folded(Node n) {
        Tensor t = n.attributes().getTensor(GraphPass.FOLDED_MAGNITUDE);
        return t == null ? Tensor.scalar(0) : t;
    }

    /** The value of {@code t} at position {@code k} of the axis it varies along (or its scalar). */
    static double along(Tensor t, int k) {
        return t.size() == 1 ? t.get(0) : t.get(k);
    }

    private static Tensor combine(Tensor a, Tensor b, boolean add) {
        Shape s = Broadcast.shape(a.shape(), b.shape());
        int[] ia = Broadcast.indexMap(a.shape(), s);
        int[] ib = Broadcast.indexMap(b.shape(), s);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = add ? a.get(ia[i]) + b.get(ib[i]) : times(a.get(ia[i]), b.get(ib[i]));
        }
        return Tensor.of(s, d);
    }
}
