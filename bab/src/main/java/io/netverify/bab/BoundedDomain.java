package io.netverify.bab;

/**
 * A domain after bounding.
 *
 * @param domain     the domain, possibly enriched by the strategy with what it learnt while bounding
 *                   (which unsafe regions are proved, where to split next)
 * @param lowerBound the strategy's measure: {@code > 0} means the domain is verified (for a spec: the
 *                   least, over the still open unsafe regions, of the best row's margin lower bound);
 *                   NaN counts as not verified
 * @param candidate  a concrete input worth checking as a counterexample (e.g. the box corner that
 *                   minimises the bound's linear function), or null
 */
public record BoundedDomain<D>(D domain, double lowerBound, double[] candidate) {
    public boolean verified() {
        return lowerBound > 0;
    }
}
