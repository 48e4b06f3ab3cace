package io.netverify.verifier;

/**
 * The outcome of verifying one instance. For {@link Verdict#SAT}, {@code input} and {@code output}
 * are the witness and its exactly evaluated network output; otherwise they are null.
 */
public record VerificationResult(Verdict verdict, double[] input, double[] output, String detail, double seconds) {
    public static VerificationResult of(Verdict verdict, String detail, double seconds) {
        return new VerificationResult(verdict, null, null, detail, seconds);
    }
}
