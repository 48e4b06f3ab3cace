package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.netverify.cli.ClusterTask;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Carries out one task on a worker. The result is stored in the run's map before it is returned, so
 * it survives the submitter: a restarted submitter finds it there.
 */
final class RemoteTask<R extends Serializable> implements Callable<R>, Serializable, HazelcastInstanceAware {
    private final String runId;
    private final ClusterTask<R> task;
    private transient HazelcastInstance member;

    RemoteTask(String runId, ClusterTask<R> task) {
        this.runId = runId;
        this.task = task;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public R call() {
        R result = task.call();
        R first = member.<Integer, R>getMap(Submission.resultsMap(runId)).putIfAbsent(task.id(), result);
        return first != null ? first : result;
    }
}
