package io.netverify.bounds;

import java.util.Map;

/**
 * Sound bounds of the bounded functions (the raw outputs, or the rows of a specification
 * {@code C y + d}), with the intervals of every intermediate value used to get them (for branch
 * and bound).
 */
public record Bounds(BoundMethod method, double[] lower, double[] upper, Map<String, Interval> intermediate) {
}
