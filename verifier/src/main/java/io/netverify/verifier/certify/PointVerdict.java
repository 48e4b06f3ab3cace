package io.netverify.verifier.certify;

import java.util.Locale;

/** The outcome for one point at one eps. */
public enum PointVerdict {
    /** Proved: the label is the strict maximum everywhere in the point's box. */
    CERTIFIED,
    /** A re-checked input of the box (possibly the point itself) where another class scores at least as high. */
    FALSIFIED,
    /** Neither, within the methods and the time given. */
    UNKNOWN,
    /** The verifier failed on this point (an internal error, counted against the gate's allowed rate). */
    ERROR;

    /**
     * The name in reports.
     *
     * @return certified, falsified, unknown or error
     */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The verdict with a name.
     *
     * @param word a {@link #word()}
     * @return the verdict with this word, or null
     */
    public static PointVerdict named(String word) {
        for (PointVerdict v : values()) {
            if (v.word().equals(word)) {
                return v;
            }
        }
        return null;
    }
}
