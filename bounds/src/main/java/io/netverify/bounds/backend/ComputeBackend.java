package io.netverify.bounds.backend;

/**
 * The dense products bound propagation spends its time in, over batches of coefficient rows (one
 * row per bounded function, of one box or of many domains). {@link CpuBackend} runs them on all
 * cores; a GPU implementation (JCuda) can take its place through {@link ComputeBackends#use}.
 * Weights are given as their rows ({@code out} arrays of {@code in}) or columns ({@code in} arrays of
 * {@code out}), prepared once per layer by the caller.
 */
public interface ComputeBackend {
    /** A short name for logs, e.g. "cpu (2 threads)". */
    String name();

    /**
     * The backward step of {@code y = x W^T + b} for {@code rows x groups} coefficient vectors
     * {@code a} (row-major, each of length out): {@code acc[r] += a[r] W} (each of length in) and
     * {@code bias[r / groups] += a[r] . b} (b may be null).
     */
    void linearBackward(double[] a, int rows, int groups, double[][] weightRows, double[] b, double[] acc, double[] bias);

    /**
     * Interval propagation through {@code y = x W^T + b} for {@code groups} input vectors in
     * {@code [xl, xu]} (each of length in): writes {@code lo}, {@code hi} (each group of length out),
     * summing each output's terms in the order of the inputs.
     */
    void linearInterval(double[] xl, double[] xu, int groups, double[][] weightColumns, double[] b, double[] lo, double[] hi);

    /**
     * {@link #linearInterval} for many boxes ({@code xl[k]}, {@code xu[k]} into {@code lo[k]}, {@code hi[k]}),
     * equal to it up to float rounding within the margin {@code RoundingError.widen} adds (see
     * {@link BatchedLinearInterval}); {@code absWeightColumns} are the columns of |W|. Default:
     * {@link BatchedLinearInterval} on the CPU cores.
     */
    default void linearIntervals(double[][] xl, double[][] xu, int groups, double[][] weightColumns,
                                 double[][] absWeightColumns, double[] b, double[][] lo, double[][] hi) {
        BatchedLinearInterval.run(xl, xu, groups, weightColumns, absWeightColumns, b, lo, hi);
    }
}
