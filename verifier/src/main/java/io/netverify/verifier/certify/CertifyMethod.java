package io.netverify.verifier.certify;

import io.netverify.bounds.EnumWords;

/** How far certification goes for each point, from cheapest to strongest. */
public enum CertifyMethod {
    /** Interval bound propagation only (and the attack). */
    IBP,
    /** IBP, then CROWN on the points IBP leaves open. */
    CROWN,
    /** IBP, CROWN, then alpha-CROWN on the points still open. */
    ALPHA_CROWN,
    /** The bound methods, then the full verifier (attacks, branch and bound) within the per-point timeout. */
    COMPLETE;

    /**
     * The name on the command line and in reports.
     *
     * @return ibp, crown, alpha-crown or complete
     */
    public String word() {
        return EnumWords.word(this);
    }

    /**
     * The method with a name.
     *
     * @param word a {@link #word()}
     * @return the method with this word, or null
     */
    public static CertifyMethod named(String word) {
        return EnumWords.named(CertifyMethod.class, word);
    }
}
