package io.netverify.verifier;

/**
 * The outcome of verifying one instance. For {@link Verdict#SAT}, {@code input} and {@code output}
 * are the witness and its exactly evaluated network output; otherwise they are null. For
 * {@link Verdict#TIMEOUT} the detail says where the time ran out (e.g. "in branch and bound (...)").
 */
public record VerificationResult(Verdict verdict, double[] input, double[] output, String detail, double seconds) {
    public static VerificationResult of(Verdict verdict, String detail, double seconds) {
        return new VerificationResult(verdict, null, null, detail, seconds);
    }
}
