package io.netverify.onnx.ops;

import io.netverify.onnx.Shape;

/** Copies that rearrange the elements of a row-major array: the data movement of the structural operators. */
final class IndexCopy {
    private IndexCopy() {
    }

    /**
     * {@code out[o] = data[offset + sum_a o_a * strides[a]]} for every index {@code o} of
     * {@code outDims}; strides may be negative or zero (Transpose, Slice).
     */
    static double[] strided(double[] data, int offset, int[] outDims, int[] strides) {
        int rank = outDims.length;
        double[] out = new double[Shape.of(outDims).size()];
        if (out.length == 0) {
            return out;
        }
        int[] idx = new int[rank];
        int src = offset;
        for (int i = 0; i < out.length; i++) {
            out[i] = data[src];
            for (int a = rank - 1; a >= 0; a--) {
                idx[a]++;
                src += strides[a];
                if (idx[a] < outDims[a]) {
                    break;
                }
                src -= strides[a] * idx[a];
                idx[a] = 0;
            }
        }
        return out;
    }

    /**
     * {@code out[o] = source[maps[0][o_0], ..., maps[r-1][o_{r-1}]]}, or {@code fill} where any map
     * entry is negative (Gather, Pad, Tile). {@code maps[a]} has one entry per output position on axis a.
     */
    static double[] byAxisMaps(Shape source, double[] data, int[][] maps, double fill) {
        int size = 1;
        for (int[] m : maps) {
            size *= m.length;
        }
        double[] out = new double[size];
        if (size == 0) {
            return out;
        }
        if (maps.length == 0) {
            out[0] = data[0];
            return out;
        }
        copy(0, 0, source.strides(), data, maps, fill, out, 0);
        return out;
    }

    /** Fills the output block of {@code axis} starting at {@code pos}; {@code base} < 0 marks a filled block. */
    private static int copy(int axis, int base, int[] strides, double[] data, int[][] maps, double fill,
                            double[] out, int pos) {
        int[] map = maps[axis];
        int stride = strides[axis];
        if (axis == maps.length - 1) {
            for (int m : map) {
                out[pos++] = base < 0 || m < 0 ? fill : data[base + m * stride];
            }
            return pos;
        }
        for (int m : map) {
            pos = copy(axis + 1, base < 0 || m < 0 ? -1 : base + m * stride, strides, data, maps, fill, out, pos);
        }
        return pos;
    }

    /** The map 0, 1, ..., n-1 (an axis taken whole). */
    static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
