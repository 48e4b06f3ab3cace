package io.netverify.verifier.api;

import io.netverify.bounds.BoundMethod;

/**
 * Sound bounds of the bounded functions over an input box: {@code lower[k] <= f_k(x) <= upper[k]}
 * for every x of the box, where {@code f_k} is output k, or row k of {@code C y} when a spec matrix
 * was given. Rounding errors are accounted for: the bounds hold for the exact real-number function.
 *
 * @param method the method that produced the bounds (IBP when a CROWN pass ran out of time)
 * @param lower  a lower bound of each function
 * @param upper  an upper bound of each function
 */
public record OutputBounds(BoundMethod method, double[] lower, double[] upper) {
    /**
     * Whether every function is proved positive over the box: with margin rows {@code e_y - e_j},
     * the box is certified robust for class y.
     *
     * @return true when every lower bound is above 0
     */
    public boolean allPositive() {
        for (double l : lower) {
            if (!(l > 0)) {
                return false;
            }
        }
        return true;
    }
}
