package io.netverify.cli;

import io.netverify.verifier.VerificationResult;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A cluster that decides instances on other processes, plugged in with {@link java.util.ServiceLoader}
 * (the optional netverify-cluster module provides one); the CLI itself depends on no cluster engine.
 */
public interface ClusterBackend {
    /** The picocli command object of {@code verify worker}, which joins a cluster and takes work. */
    Object workerCommand();

    /**
     * Decides every task on the cluster's workers and blocks until all are in. {@code done} gets each
     * task's result exactly once, as it arrives (also results an earlier submitter of the same run id
     * collected), from one thread.
     */
    void run(ClusterSettings settings, List<InstanceTask> tasks, BiConsumer<InstanceTask, VerificationResult> done)
        throws IOException;
}
