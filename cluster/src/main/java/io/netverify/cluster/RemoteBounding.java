package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.netverify.bab.BoundedDomain;
import io.netverify.bab.BranchingStrategy;
import io.netverify.onnx.OnnxModel;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Bounds a piece of a branch-and-bound batch on a worker with the problem's own strategy (the
 * existing batched code), which the worker builds once per problem from the network's path and the
 * problem the submitter stored in the cluster.
 */
final class RemoteBounding implements Callable<RemoteBounding.Reply>, Serializable, HazelcastInstanceAware {
    /** Problems a worker keeps built; a run has one per case that branches. */
    private static final int KEPT = 4;
    /** Built strategies, by worker and problem: workers in one JVM must not share one. */
    private static final Map<String, Built> BUILT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Built> eldest) {
            return size() > KEPT;
        }
    };
    private final String problemId;
    private final byte[] domains;
    private final long nanosLeft;
    private transient HazelcastInstance member;

    /** A bounded piece and the worker's bounding time. */
    record Reply(byte[] bounded, long nanos) implements Serializable {
    }

    /** A problem's strategy on this worker and its codec. */
    private record Built(BranchingStrategy<Object> strategy, DomainCodec codec) {
    }

    RemoteBounding(String problemId, byte[] domains, long nanosLeft) {
        this.problemId = problemId;
        this.domains = domains;
        this.nanosLeft = nanosLeft;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public Reply call() {
        long start = System.nanoTime();
        Built b = built();
        List<Object> batch = b.codec().domains(domains);
        List<BoundedDomain<Object>> bounded = b.strategy().bound(batch, start + nanosLeft);
        return new Reply(b.codec().bounded(bounded), System.nanoTime() - start);
    }

    @SuppressWarnings("unchecked")
    private Built built() {
        UUID self = member.getCluster().getLocalMember().getUuid();
        String key = self + "/" + problemId;
        synchronized (BUILT) {
            Built b = BUILT.get(key);
            if (b != null) {
                return b;
            }
        }
        byte[] stored = member.<String, byte[]>getMap(HazelcastBranching.PROBLEMS).get(problemId);
        if (stored == null) {
            throw new IllegalStateException("branch-and-bound problem " + problemId + " is not in the cluster (its run ended?)");
        }
        DomainCodec.Problem p = DomainCodec.problem(stored);
        BranchingStrategy<Object> strategy = (BranchingStrategy<Object>) p.problem()
            .strategy(OnnxModel.read(java.nio.file.Path.of(p.onnx())).toGraph())
            .orElseThrow(() -> new IllegalStateException("branch-and-bound problem " + problemId + ": no strategy for its mode"));
        Built b = new Built(strategy, new DomainCodec(p.problem().regions()));
        synchronized (BUILT) {
            BUILT.put(key, b);
        }
        return b;
    }
}
