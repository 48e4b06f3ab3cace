package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.netverify.cli.InstanceTask;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Decides one task on a worker. The result is stored in the run's map before it is returned, so
 * it survives the submitter: a restarted submitter finds it there.
 */
final class RemoteDecision implements Callable<RemoteOutcome>, Serializable, HazelcastInstanceAware {
    private final String runId;
    private final InstanceTask task;
    private transient HazelcastInstance member;

    RemoteDecision(String runId, InstanceTask task) {
        this.runId = runId;
        this.task = task;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public RemoteOutcome call() {
        RemoteOutcome o = RemoteOutcome.of(task.decide(), member.getCluster().getLocalMember().getAddress().toString());
        RemoteOutcome first = member.<Integer, RemoteOutcome>getMap(Submission.resultsMap(runId)).putIfAbsent(task.id(), o);
        return first != null ? first : o;
    }
}
