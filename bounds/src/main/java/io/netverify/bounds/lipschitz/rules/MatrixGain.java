package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.onnx.Tensor;

/**
 * How much a gradient step {@code g -> W^T g} by constant matrices can scale a gradient: l_1 (l_inf
 * inputs) the largest abs sum of a row of W, l_inf of a column, l_2 the square root of their
 * product (a bound of the spectral norm).
 */
final class MatrixGain {
    private MatrixGain() {
    }

    /**
     * The gain for the matrices in the last two axes of {@code t} (the largest over the leading
     * axes): each W itself, or with {@code transposed} each W^T.
     */
    static double of(Tensor t, boolean transposed, InputNorm norm) {
        int rank = t.shape().rank();
        int r = t.shape().dim(rank - 2);
        int c = t.shape().dim(rank - 1);
        int batch = t.size() / Math.max(1, r * c);
        double rowMax = 0;
        double colMax = 0;
        for (int b = 0; b < batch; b++) {
            double[] rows = new double[r];
            double[] cols = new double[c];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    double a = Math.abs(t.get((b * r + i) * c + j));
                    rows[i] += a;
                    cols[j] += a;
                }
            }
            rowMax = Math.max(rowMax, java.util.Arrays.stream(rows).max().orElse(0));
            colMax = Math.max(colMax, java.util.Arrays.stream(cols).max().orElse(0));
        }
        double outMax = transposed ? colMax : rowMax;
        double inMax = transposed ? rowMax : colMax;
        return switch (norm) {
            case LINF -> outMax;
            case L1 -> inMax;
            case L2 -> Math.sqrt(outMax * inMax);
        };
    }
}
