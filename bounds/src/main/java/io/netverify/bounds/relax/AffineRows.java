package io.netverify.bounds.relax;

/**
 * Receives a node's exact affine map row by row (see {@link Relaxation#affineRows}): output element
 * k, for k = 0, 1, ... in order, is the sum of its row's terms plus the row's constant.
 */
public interface AffineRows {
    /** Adds {@code coefficient * x[element]} to the current row, x being the node's (computed) input {@code input}. */
    void term(int input, int element, double coefficient);

    /** Ends the current row with its constant part. */
    void end(double constant);
}
