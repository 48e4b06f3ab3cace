package io.netverify.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.netverify.cli.ClusterTask;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One run's tasks on a cluster, from the submitting (lite) member: results already in the run's map
 * are delivered first (a restarted submitter resumes), the rest go to the workers as they have a
 * free thread; a task whose worker left or died is submitted again, and each task's result is
 * delivered exactly once.
 */
public final class Submission {
    private final HazelcastInstance member;
    private final String runId;
    private final Consumer<String> progress;
    private int resubmitted;

    /** What came back for a task: an outcome or the failure of its worker. */
    private record Event<T, R>(T task, UUID worker, R outcome, Throwable failure) {
    }

    /**
     * @param member   the submitting member (a lite member of the cluster)
     * @param progress receives a line when tasks are re-run or no worker is there
     */
    public Submission(HazelcastInstance member, String runId, Consumer<String> progress) {
        this.member = member;
        this.runId = runId;
        this.progress = progress;
    }

    /** The map that holds a run's results, by task id. */
    static String resultsMap(String runId) {
        return "netverify-results-" + runId;
    }

    /**
     * Runs the tasks; {@code done} gets each task's result once, on this thread. Blocks until all are
     * in, then drops the run's results from the cluster. If {@code done} throws, the exception ends the
     * run and the results stay in the cluster for a submitter of the same run id.
     */
    public <T extends ClusterTask<R>, R extends Serializable> void run(List<T> tasks, BiConsumer<T, R> done)
        throws InterruptedException {
        IMap<Integer, R> results = member.getMap(resultsMap(runId));
        IExecutorService executor = member.getExecutorService(ClusterMember.EXECUTOR);
        BlockingQueue<Event<T, R>> events = new LinkedBlockingQueue<>();
        Map<Integer, T> open = new HashMap<>();
        Deque<T> toSubmit = new ArrayDeque<>();
        for (T t : tasks) {
            R earlier = results.get(t.id());
            if (earlier != null) {
                done.accept(t, earlier);
            } else {
                open.put(t.id(), t);
                toSubmit.add(t);
            }
        }
        Map<UUID, Integer> inFlight = new HashMap<>();
        boolean waiting = false;
        while (!open.isEmpty()) {
            while (!toSubmit.isEmpty()) {
                Member worker = freeWorker(inFlight);
                if (worker == null) {
                    if (!waiting && workers().isEmpty()) {
                        progress.accept("cluster: no worker in the cluster; waiting for one");
                        waiting = true;
                    }
                    break;
                }
                waiting = false;
                T t = toSubmit.poll();
                UUID to = worker.getUuid();
                inFlight.merge(to, 1, Integer::sum);
                try {
                    executor.submitToMember(new RemoteTask<>(runId, t), worker, new ExecutionCallback<R>() {
                        @Override
                        public void onResponse(R response) {
                            events.add(new Event<>(t, to, response, null));
                        }

                        @Override
                        public void onFailure(Throwable failure) {
                            events.add(new Event<>(t, to, null, failure));
                        }
                    });
                } catch (RuntimeException e) {
                    if (!workerLost(e)) {
                        throw e;
                    }
                    // the worker went between the choice and the submission: choose again
                    inFlight.merge(to, -1, Integer::sum);
                    toSubmit.addFirst(t);
                    break;
                }
            }
            Event<T, R> e = events.poll(1, TimeUnit.SECONDS);
            if (e == null) {
                continue;
            }
            inFlight.merge(e.worker(), -1, Integer::sum);
            if (!open.containsKey(e.task().id())) {
                continue;
            }
            if (e.outcome() != null) {
                open.remove(e.task().id());
                done.accept(e.task(), e.outcome());
            } else if (workerLost(e.failure())) {
                // the worker may have stored the result before it went
                R stored = results.get(e.task().id());
                if (stored != null) {
                    open.remove(e.task().id());
                    done.accept(e.task(), stored);
                } else {
                    resubmitted++;
                    progress.accept("cluster: task " + e.task().id() + " lost with its worker; running it again");
                    toSubmit.add(e.task());
                }
            } else {
                open.remove(e.task().id());
                done.accept(e.task(), e.task().failed("cluster: " + e.failure()));
            }
        }
        // every result is written on this side now: the cluster need not keep the run
        results.destroy();
    }

    /**
     * The worker with the fewest of this run's tasks among those with a free thread (the threads it
     * announced), or null: a worker gets a task only when it can start it, so no task waits in one
     * worker's queue while another worker is idle.
     */
    private Member freeWorker(Map<UUID, Integer> inFlight) {
        Member best = null;
        int fewest = Integer.MAX_VALUE;
        for (Member m : workers()) {
            int running = inFlight.getOrDefault(m.getUuid(), 0);
            if (running < ClusterMember.threads(m) && running < fewest) {
                best = m;
                fewest = running;
            }
        }
        return best;
    }

    private List<Member> workers() {
        return member.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
    }

    /** Whether a task failed because its worker left (or the cluster refused it), not by its own fault. */
    static boolean workerLost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemberLeftException || c instanceof TargetNotMemberException
                || c instanceof HazelcastInstanceNotActiveException || c instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    /** How many tasks were submitted again because their worker left. */
    public int resubmitted() {
        return resubmitted;
    }
}
