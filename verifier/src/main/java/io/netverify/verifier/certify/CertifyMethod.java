package io.netverify.verifier.certify;

import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The method with a name.
     *
     * @param word a {@link #word()}
     * @return the method with this word, or null
     */
    public static CertifyMethod named(String word) {
        for (CertifyMethod m : values()) {
            if (m.word().equals(word)) {
                return m;
            }
        }
        return null;
    }
}
