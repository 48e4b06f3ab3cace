package io.netverify.bounds;

import java.util.Map;

/**
 * Sound bounds of the bounded functions (the raw outputs, or the rows of a specification
 * {@code C y + d}), with the intervals of every intermediate value used to get them (for branch
 * and bound).
 *
 * @param inputCoefficients for CROWN and alpha-CROWN, the coefficients {@code A} ({@code rows x inputs},
 *                          row-major) of the linear lower bound {@code A x + b} of each row whose minimum
 *                          over the box gave (before rounding and IBP intersection) its lower bound: which
 *                          inputs matter how much, for branching on inputs; null for IBP
 */
public record Bounds(BoundMethod method, double[] lower, double[] upper, Map<String, Interval> intermediate,
                     double[] inputCoefficients) {
}
