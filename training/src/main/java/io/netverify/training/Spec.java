package io.netverify.training;

/**
 * Per-sample linear functions of the class scores whose lower bounds are computed: {@code c} holds
 * {@code n x rows x classes} coefficients, row-major.
 */
public record Spec(double[] c, int rows, int classes) {
    /**
     * Checks that the coefficients fill whole samples.
     *
     * @param c       the coefficients, {@code n x rows x classes} row-major
     * @param rows    the functions per sample
     * @param classes the class scores per sample
     */
    public Spec {
        if (rows < 1 || classes < 1 || c.length % (rows * classes) != 0) {
            throw new IllegalArgumentException("spec of " + c.length + " coefficients is not n x " + rows + " x " + classes);
        }
    }

    /**
     * The margins {@code y_label - y_j} for every other class j (rows {@code e_label - e_j}), in class order.
     *
     * @param labels  the class of each sample
     * @param classes the number of classes
     * @return the spec, {@code classes - 1} rows per sample
     */
    public static Spec margins(int[] labels, int classes) {
        int rows = classes - 1;
        double[] c = new double[labels.length * rows * classes];
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] < 0 || labels[s] >= classes) {
                throw new IllegalArgumentException("label " + labels[s] + " of sample " + s + " is not one of " + classes + " classes");
            }
            int r = 0;
            for (int j = 0; j < classes; j++) {
                if (j != labels[s]) {
                    int base = (s * rows + r++) * classes;
                    c[base + labels[s]] = 1;
                    c[base + j] = -1;
                }
            }
        }
        return new Spec(c, rows, classes);
    }

    /** {@return the number of samples} */
    public int samples() {
        return c.length / (rows * classes);
    }
}
