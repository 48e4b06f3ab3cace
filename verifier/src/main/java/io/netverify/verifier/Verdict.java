package io.netverify.verifier;

/** The answer for a property, with its VNN-COMP result-file word. */
public enum Verdict {
    /** A counterexample exists (the property is violated); carries a re-checked witness. */
    SAT("sat"),
    /** The property holds (proved). */
    UNSAT("unsat"),
    /** Neither proved nor falsified with the methods tried (e.g. an unsupported operator, or a domain that cannot be split). */
    UNKNOWN("unknown"),
    /** The time budget ran out first. */
    TIMEOUT("timeout"),
    /** The instance could not be run (bad input or an internal error). */
    ERROR("error");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    /**
     * The word of the VNN-COMP result file.
     *
     * @return sat, unsat, unknown, timeout or error
     */
    public String word() {
        return word;
    }
}
