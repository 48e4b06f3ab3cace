package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.netverify.cli.ClusterBackend;
import io.netverify.cli.ClusterBranching;
import io.netverify.cli.ClusterSettings;
import io.netverify.cli.ClusterTask;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.util.List;
import java.util.function.BiConsumer;

/** The CLI's {@link ClusterBackend} on embedded Hazelcast (found by {@link java.util.ServiceLoader}). */
public final class HazelcastBackend implements ClusterBackend {
    @Override
    public Object workerCommand() {
        return new WorkerCommand();
    }

    @Override
    public <T extends ClusterTask<R>, R extends Serializable> void run(ClusterSettings settings, List<T> tasks,
                                                                      BiConsumer<T, R> done) throws IOException {
        HazelcastInstance member = ClusterMember.start(settings, true, 1);
        try {
            new Submission(member, settings.runId(), System.err::println).run(tasks, done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the cluster's results");
        } finally {
            member.shutdown();
        }
    }

    @Override
    public ClusterBranching branching(ClusterSettings settings, String onnx) {
        return new HazelcastBranching(ClusterMember.start(settings, true, 1), onnx, settings.runId());
    }
}
