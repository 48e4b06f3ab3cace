package io.netverify.verifier.gate;

/**
 * One gate condition: a threshold, a baseline comparison, or a per-point outcome.
 *
 * @param name    what is checked (the JUnit testcase name)
 * @param passed  whether it holds
 * @param message measured against required, in words
 */
public record Check(String name, boolean passed, String message) {
}
