package io.netverify.bab;

import io.netverify.bounds.Interval;

/**
 * A domain of input splitting: a sub-box of the input box, and the unsafe regions (indices into the
 * strategy's list) not yet excluded on it.
 *
 * @param splitDimension the input to split next, chosen when bounded; -1 before that, or when no
 *                       input can be split any more
 * @param parentBound    the bound of the box this one was split from (negative infinity for the root)
 */
public record InputDomain(Interval box, int[] open, int splitDimension, double parentBound) {
    /** A root box. */
    public InputDomain(Interval box, int[] open) {
        this(box, open, -1, Double.NEGATIVE_INFINITY);
    }
}
