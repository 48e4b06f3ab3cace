package io.netverify.bounds;

import java.util.Map;

/**
 * Sound bounds of the bounded functions (the raw outputs, or the rows of a specification
 * {@code C y + d}), with the intervals of every intermediate value used to get them (for branch
 * and bound).
 *
 * @param inputCoefficients for CROWN and alpha-CROWN, the coefficients {@code A} ({@code rows x inputs},
 *                          row-major) of the linear lower bound {@code A x + b} of each row: which inputs
 *                          matter how much, for branching on inputs; null for IBP
 * @param linearLower       the minimum over the box of each row's linear lower bound (at most
 *                          {@code lower}, which may be tighter from interval bounds), so that
 *                          {@code A_k x + linearLower_k - min_box A_k x} bounds row k from below; null for IBP
 *                          (and for partial alpha-CROWN bounds whose final CROWN pass was cut short)
 * @param partial           alpha-CROWN cut short by its deadline, with the work it had done kept
 *                          ({@link BoundPropagator#keepPartial}): sound, but not fully optimised
 */
public record Bounds(BoundMethod method, double[] lower, double[] upper, Map<String, Interval> intermediate,
                     double[] inputCoefficients, double[] linearLower, boolean partial) {
}
