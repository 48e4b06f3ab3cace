package io.netverify.onnx.ops;

/**
 * Dense row-major matrix products for MatMul, Gemm and Linear, ordered to stream memory. Public for
 * {@link #transpose}, which the training module shares.
 */
public final class MatrixKernels {
    private MatrixKernels() {
    }

    /**
     * c[m x n] += a[m x k] * b[k x n], matrices stored row-major from the given offsets. The
     * i-k-j order walks rows of b and c contiguously.
     */
    static void multiplyAdd(double[] a, int aOffset, double[] b, int bOffset, double[] c, int cOffset,
                            int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * n;
            int aRow = aOffset + i * k;
            for (int p = 0; p < k; p++) {
                double aip = a[aRow + p];
                int bRow = bOffset + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    /**
     * c[m x n] += a[m x k] * transpose(b) where b is [n x k] row-major: each entry is a dot product
     * of two contiguous rows (the layout of Linear weights and of Gemm with transB).
     */
    static void multiplyAddTransposed(double[] a, double[] b, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int aRow = i * k;
            for (int j = 0; j < n; j++) {
                int bRow = j * k;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aRow + p] * b[bRow + p];
                }
                c[i * n + j] += s;
            }
        }
    }

    /**
     * The transpose of a row-major matrix.
     *
     * @param a the matrix, {@code rows * cols} entries, row-major
     * @param rows its number of rows
     * @param cols its number of columns
     * @return a new array holding the {@code cols x rows} transpose, row-major
     */
    public static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }
}
