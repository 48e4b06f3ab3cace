package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.netverify.cli.ClusterBackend;
import io.netverify.cli.ClusterSettings;
import io.netverify.cli.InstanceTask;
import io.netverify.verifier.VerificationResult;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.function.BiConsumer;

/** The CLI's {@link ClusterBackend} on embedded Hazelcast (found by {@link java.util.ServiceLoader}). */
public final class HazelcastBackend implements ClusterBackend {
    @Override
    public Object workerCommand() {
        return new WorkerCommand();
    }

    @Override
    public void run(ClusterSettings settings, List<InstanceTask> tasks, BiConsumer<InstanceTask, VerificationResult> done)
        throws IOException {
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
}
