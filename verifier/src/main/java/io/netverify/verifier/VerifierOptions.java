package io.netverify.verifier;

import java.util.function.Consumer;

/**
 * Settings of one verification run.
 *
 * @param timeoutSeconds wall-clock budget; the result is {@link Verdict#TIMEOUT} when it runs out
 * @param seed           seed of every random choice, so runs are repeatable
 * @param progress       receives progress lines (may ignore them)
 * @param branching      how branch and bound splits what bound propagation cannot prove
 * @param executor       where branch and bound bounds its domains (default: here)
 */
public record VerifierOptions(double timeoutSeconds, long seed, Consumer<String> progress, BranchingMode branching,
                              BranchingExecutor executor) {
    /** Branch and bound in this process. */
    public VerifierOptions(double timeoutSeconds, long seed, Consumer<String> progress, BranchingMode branching) {
        this(timeoutSeconds, seed, progress, branching, BranchingExecutor.LOCAL);
    }

    /** Automatic branching. */
    public VerifierOptions(double timeoutSeconds, long seed, Consumer<String> progress) {
        this(timeoutSeconds, seed, progress, BranchingMode.AUTO);
    }

    public static VerifierOptions defaults() {
        return new VerifierOptions(60, 0, line -> { });
    }

    public VerifierOptions withTimeout(double seconds) {
        return new VerifierOptions(seconds, seed, progress, branching, executor);
    }

    public VerifierOptions withBranching(BranchingMode mode) {
        return new VerifierOptions(timeoutSeconds, seed, progress, mode, executor);
    }

    public VerifierOptions withExecutor(BranchingExecutor where) {
        return new VerifierOptions(timeoutSeconds, seed, progress, branching, where);
    }
}
