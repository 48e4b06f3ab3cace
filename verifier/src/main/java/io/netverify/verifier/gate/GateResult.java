package io.netverify.verifier.gate;

import java.util.List;

/**
 * The outcome of a gate run.
 *
 * @param specs          one outcome per spec, in configuration order
 * @param verifierFailed whether the verifier failed on more points than {@code max_error_rate} allows
 * @param seconds        wall-clock time
 */
public record GateResult(List<SpecOutcome> specs, boolean verifierFailed, double seconds) {
    /** Exit code 0: every check passed. */
    public static final int PASSED = 0;
    /** Exit code 1: a threshold or a regression check failed. */
    public static final int FAILED = 1;
    /** Exit code 2: configuration, usage or input error. */
    public static final int INPUT_ERROR = 2;
    /** Exit code 3: the verifier itself failed (internal errors above the allowed rate). */
    public static final int VERIFIER_FAILED = 3;

    public boolean passed() {
        return !verifierFailed && specs.stream().allMatch(SpecOutcome::passed);
    }

    public int exitCode() {
        return verifierFailed ? VERIFIER_FAILED : passed() ? PASSED : FAILED;
    }
}
