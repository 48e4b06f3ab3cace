package io.netverify.cli;

import java.io.IOException;
import java.io.Serializable;
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
     * Carries out every task on the cluster's workers and blocks until all are in. {@code done} gets
     * each task's result exactly once, as it arrives (also results an earlier submitter of the same run
     * id collected), from one thread.
     */
    <T extends ClusterTask<R>, R extends Serializable> void run(ClusterSettings settings, List<T> tasks, BiConsumer<T, R> done)
        throws IOException;

    /**
     * Joins the cluster to bound the branch-and-bound domains of a run on the network at {@code onnx}
     * on its workers (which read the network from the same path).
     */
    ClusterBranching branching(ClusterSettings settings, String onnx);
}
