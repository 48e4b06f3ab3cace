package io.netverify.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.netverify.bab.BoundedDomain;
import io.netverify.bab.BranchingStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A strategy whose batches are bounded on the cluster's workers, one piece per worker, while roots,
 * branching and the memory estimate stay with the local strategy: the submitter keeps the frontier
 * and the global bound. A piece whose worker leaves is bounded again by another worker, or here when
 * none is left; a piece not back a few seconds after the deadline counts as cut short (bound -inf).
 */
final class RemoteStrategy<D> implements BranchingStrategy<D> {
    /** How long after the deadline a piece may still come back. */
    private static final long GRACE_NANOS = 5_000_000_000L;
    private final BranchingStrategy<D> local;
    private final HazelcastInstance member;
    private final String problemId;
    private final DomainCodec codec;
    private final HazelcastBranching.Stats stats;

    RemoteStrategy(BranchingStrategy<D> local, HazelcastInstance member, String problemId, DomainCodec codec,
                   HazelcastBranching.Stats stats) {
        this.local = local;
        this.member = member;
        this.problemId = problemId;
        this.codec = codec;
        this.stats = stats;
    }

    @Override
    public List<D> roots() {
        return local.roots();
    }

    @Override
    public List<BoundedDomain<D>> bound(List<D> batch, long deadlineNanos) {
        List<Member> workers = workers();
        if (workers.isEmpty()) {
            return boundHere(batch, deadlineNanos);
        }
        int pieces = Math.min(batch.size(), workers.size());
        List<List<D>> parts = new ArrayList<>();
        List<Future<RemoteBounding.Reply>> replies = new ArrayList<>();
        List<Member> where = new ArrayList<>();
        long sent = System.nanoTime();
        for (int k = 0; k < pieces; k++) {
            List<D> part = batch.subList(k * batch.size() / pieces, (k + 1) * batch.size() / pieces);
            parts.add(part);
            where.add(workers.get(k));
            replies.add(submit(part, workers.get(k), deadlineNanos));
        }
        List<BoundedDomain<D>> out = new ArrayList<>(batch.size());
        for (int k = 0; k < pieces; k++) {
            out.addAll(collect(parts.get(k), replies.get(k), where.get(k), sent, deadlineNanos));
        }
        return out;
    }

    private Future<RemoteBounding.Reply> submit(List<D> part, Member worker, long deadlineNanos) {
        IExecutorService executor = member.getExecutorService(ClusterMember.EXECUTOR);
        return executor.submitToMember(new RemoteBounding(problemId, codec.domains(part), deadlineNanos - System.nanoTime()),
            worker);
    }

    /**
     * A piece's bounds: from its worker, from another when that one left, or cut short when too late.
     * The overhead is the round trip ({@code sent} to now) less the worker's bounding time.
     */
    private List<BoundedDomain<D>> collect(List<D> part, Future<RemoteBounding.Reply> reply, Member worker, long sent,
                                           long deadlineNanos) {
        while (true) {
            try {
                RemoteBounding.Reply r = reply.get(Math.max(0, deadlineNanos + GRACE_NANOS - System.nanoTime()), TimeUnit.NANOSECONDS);
                stats.add(worker.getAddress().toString(), part.size(), r.nanos(), System.nanoTime() - sent - r.nanos());
                return codec.bounded(r.bounded());
            } catch (TimeoutException e) {
                reply.cancel(true);
                return part.stream().map(d -> new BoundedDomain<>(d, Double.NEGATIVE_INFINITY, null)).toList();
            } catch (ExecutionException e) {
                if (!Submission.workerLost(e)) {
                    throw new IllegalStateException("bounding on " + worker.getAddress() + " failed: " + e.getCause(), e.getCause());
                }
                stats.lost();
                List<Member> left = workers();
                if (left.isEmpty()) {
                    return boundHere(part, deadlineNanos);
                }
                worker = left.get((int) (System.nanoTime() % left.size()));
                sent = System.nanoTime();
                reply = submit(part, worker, deadlineNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the workers' bounds", e);
            }
        }
    }

    private List<BoundedDomain<D>> boundHere(List<D> part, long deadlineNanos) {
        long start = System.nanoTime();
        List<BoundedDomain<D>> r = local.bound(part, deadlineNanos);
        stats.add("submitter", part.size(), System.nanoTime() - start, 0);
        return r;
    }

    private List<Member> workers() {
        return member.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
    }

    @Override
    public List<D> branch(BoundedDomain<D> domain) {
        return local.branch(domain);
    }

    @Override
    public long bytes(D domain) {
        return local.bytes(domain);
    }
}
