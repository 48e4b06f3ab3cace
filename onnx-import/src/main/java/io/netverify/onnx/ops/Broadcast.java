package io.netverify.onnx.ops;

import io.netverify.onnx.Shape;

/** Numpy-style multidirectional broadcasting, as ONNX element-wise operators use it. */
public final class Broadcast {
    private Broadcast() {
    }

    /** The broadcast shape of two shapes, or IllegalArgumentException when incompatible. */
    public static Shape shape(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromRight(a, rank - 1 - i);
            int db = dimFromRight(b, rank - 1 - i);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /**
     * For each flat index of {@code target}, the flat index of the element of {@code source} that
     * broadcasting maps to it. {@code source} must broadcast to {@code target}.
     */
    public static int[] indexMap(Shape source, Shape target) {
        int rank = target.rank();
        int offset = rank - source.rank();
        int[] srcStrides = source.strides();
        int[] stride = new int[rank];
        for (int i = 0; i < rank; i++) {
            int si = i - offset;
            stride[i] = si < 0 || source.dim(si) == 1 ? 0 : srcStrides[si];
        }
        int[] map = new int[target.size()];
        int[] idx = new int[rank];
        int src = 0;
        for (int flat = 0; flat < map.length; flat++) {
            map[flat] = src;
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax]++;
                src += stride[ax];
                if (idx[ax] < target.dim(ax)) {
                    break;
                }
                src -= stride[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return map;
    }

    private static int dimFromRight(Shape s, int fromRight) {
        int i = s.rank() - 1 - fromRight;
        return i < 0 ? 1 : s.dim(i);
    }
}
