package io.netverify.bounds.relax;

/**
 * Adds a node's contribution to the gradient of one row's bound with respect to its parameters,
 * given the row's values of the node's inputs in the linearised network at the row's minimiser.
 * Rows run in parallel: an implementation writes only the row's own parameters' entries.
 */
@FunctionalInterface
public interface AlphaGradient {
    void accumulate(int row, double[][] inputs, double[] gradient);
}
