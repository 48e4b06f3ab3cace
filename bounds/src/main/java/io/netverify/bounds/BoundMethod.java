package io.netverify.bounds;

/** The bound computation methods, from cheapest to tightest. */
public enum BoundMethod {
    /** Interval bound propagation. */
    IBP,
    /** Backward linear relaxation (CROWN) with fixed relaxations. */
    CROWN,
    /** CROWN with the lower-bound slopes optimised by projected gradient ascent. */
    ALPHA_CROWN
}
