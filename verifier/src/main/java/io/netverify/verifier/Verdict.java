package io.netverify.verifier;

/** The answer for a property, with its VNN-COMP result-file word. */
public enum Verdict {
    /** A counterexample exists (the property is violated); carries a re-checked witness. */
    SAT("sat"),
    /** The property holds (proved). */
    UNSAT("unsat"),
    UNKNOWN("unknown"),
    TIMEOUT("timeout"),
    ERROR("error");

    private final String word;

    Verdict(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
