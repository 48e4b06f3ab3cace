package io.netverify.bab;

/** How a branch-and-bound search ended. */
public enum BabStatus {
    /** Every domain was verified. */
    VERIFIED,
    /** A candidate was confirmed as a counterexample. */
    FALSIFIED,
    /** The deadline passed first. */
    TIMEOUT,
    /** A domain could neither be verified nor split further. */
    UNKNOWN
}
