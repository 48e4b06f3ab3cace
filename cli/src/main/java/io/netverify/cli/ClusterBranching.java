package io.netverify.cli;

import io.netverify.verifier.BranchingExecutor;

import java.util.List;

/**
 * Branch and bound of one run on a cluster ({@link ClusterBackend#branching}): the domains are
 * bounded on the workers; the search stays here. Closing it leaves the cluster.
 */
public interface ClusterBranching extends BranchingExecutor, AutoCloseable {
    /** One line per member that bounded domains: how many, and domains per second of its bounding time. */
    List<String> summary();

    @Override
    void close();
}
