package io.netverify.bounds;

import java.util.Map;

/**
 * Sound bounds of the bounded functions (the raw outputs, or the rows of a specification
 * {@code C y + d}), with the intervals of every intermediate value used to get them (for branch
 * and bound).
 *
 * @param inputCoefficients for CROWN and alpha-CROWN, the coefficients {@code A} ({@code rows x inputs},
 *                          row-major) of the linear lower bound {@code A x + b} of each row whose minimum
 *                          over the box gave its lower bound (so {@code A_k x + lower_k - min_box A_k x}
 *                          bounds row k from below; a zero row where the interval bound was tighter):
 *                          which inputs matter how much, for branching on inputs; null for IBP
 */
public record Bounds(BoundMethod method, double[] lower, double[] upper, Map<String, Interval> intermediate,
                     double[] inputCoefficients) {
}
