package io.netverify.verifier;

import java.io.Serializable;

/**
 * The outcome of verifying one instance. For {@link Verdict#SAT}, {@code input} and {@code output}
 * are the witness and its exactly evaluated network output; otherwise they are null. For
 * {@link Verdict#TIMEOUT} the detail says where the time ran out (e.g. "in branch and bound (...)").
 *
 * @param verdict the answer
 * @param input   for SAT, the counterexample (an input of the property's region); else null
 * @param output  for SAT, the network's output at the counterexample, evaluated exactly; else null
 * @param detail  one line: how the verdict was reached
 * @param seconds wall-clock time spent
 * @serial exclude (sent between cluster members as a Java object; its fields are the record's components)
 */
public record VerificationResult(Verdict verdict, double[] input, double[] output, String detail, double seconds)
    implements Serializable {
    /**
     * A result without a counterexample.
     *
     * @param verdict the answer (not SAT)
     * @param detail  one line: how the verdict was reached
     * @param seconds wall-clock time spent
     * @return the result
     */
    public static VerificationResult of(Verdict verdict, String detail, double seconds) {
        return new VerificationResult(verdict, null, null, detail, seconds);
    }
}
