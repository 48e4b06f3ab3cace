package io.netverify.cli;

import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verdict;

import java.nio.file.Path;

/**
 * One instance to decide, as {@code verify bench} hands it out: to this process, or as a task to a
 * cluster's workers ({@link ClusterBackend}), which read the same paths.
 *
 * @param id      the task's number within its run
 * @param onnx    the network's path
 * @param vnnlib  the property's path
 * @param timeout seconds, loading included
 * @param seed    the random seed
 */
public record InstanceTask(int id, String onnx, String vnnlib, double timeout, long seed) implements ClusterTask<VerificationResult> {
    /** Decides the instance; whatever goes wrong with it is its 'error' result, so a run goes on. */
    @Override
    public VerificationResult call() {
        long start = System.nanoTime();
        try {
            return new Instance(Path.of(onnx), Path.of(vnnlib), timeout).verify(seed, line -> { }, BranchingMode.AUTO);
        } catch (RuntimeException | OutOfMemoryError e) {
            String why = (InputErrors.isInputError(e) ? "" : "internal error: ") + InputErrors.message(e);
            return VerificationResult.of(Verdict.ERROR, why, (System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public VerificationResult failed(String why) {
        return VerificationResult.of(Verdict.ERROR, why, 0);
    }
}
