package io.netverify.bounds.relax;

/**
 * The linear function a backward step substituted for a nonlinear node in one row: given that row's
 * values of the node's inputs (null for constants), the outputs of the linearised node. alpha-CROWN
 * evaluates the linearised network with these to get its gradients, rows in parallel: an
 * implementation must allow concurrent calls for different rows.
 */
@FunctionalInterface
public interface Linearization {
    double[][] apply(int row, double[][] inputs);
}
