package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.netverify.bab.BranchingStrategy;
import io.netverify.cli.ClusterBranching;
import io.netverify.onnx.Graph;
import io.netverify.verifier.BranchingProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Branch and bound with its domains bounded on the cluster's workers: each problem (a case that
 * branches) is stored in the cluster under the run's id, for the workers to build its strategy from;
 * the search runs on this (lite) member with a {@link RemoteStrategy}.
 */
final class HazelcastBranching implements ClusterBranching {
    /** The map of problems, by id. */
    static final String PROBLEMS = "netverify-bab-problems";
    private final HazelcastInstance member;
    private final String onnx;
    private final String runId;
    private final Stats stats = new Stats();
    private final List<String> problems = new ArrayList<>();

    /** Domains bounded, bounding time and round-trip overhead, per member. */
    static final class Stats {
        private final Map<String, long[]> byMember = new TreeMap<>();
        private int lost;

        synchronized void add(String member, int domains, long boundingNanos, long overheadNanos) {
            long[] s = byMember.computeIfAbsent(member, m -> new long[4]);
            s[0] += domains;
            s[1] += boundingNanos;
            s[2] += overheadNanos;
            s[3]++;
        }

        synchronized void lost() {
            lost++;
        }

        synchronized List<String> lines() {
            List<String> out = new ArrayList<>();
            byMember.forEach((m, s) -> out.add(String.format(Locale.ROOT, "bab on %s: %d domains in %d pieces, %.1f domains/s "
                + "of bounding, %.1f ms overhead per piece", m, s[0], s[3], s[0] / Math.max(1e-9, s[1] / 1e9), s[2] / 1e6 / s[3])));
            if (lost > 0) {
                out.add("bab: " + lost + " pieces bounded again after their worker left");
            }
            return out;
        }
    }

    HazelcastBranching(HazelcastInstance member, String onnx, String runId) {
        this.member = member;
        this.onnx = onnx;
        this.runId = runId;
    }

    @Override
    public Optional<BranchingStrategy<?>> strategy(Graph graph, BranchingProblem problem) {
        return problem.strategy(graph).map(local -> remote(local, problem));
    }

    private <D> BranchingStrategy<D> remote(BranchingStrategy<D> local, BranchingProblem problem) {
        String id = runId + "/" + problems.size();
        member.<String, byte[]>getMap(PROBLEMS).put(id, DomainCodec.problem(onnx, problem));
        problems.add(id);
        return new RemoteStrategy<>(local, member, id, new DomainCodec(problem.regions()), stats);
    }

    @Override
    public List<String> summary() {
        return stats.lines();
    }

    @Override
    public void close() {
        try {
            IMap<String, byte[]> map = member.getMap(PROBLEMS);
            problems.forEach(map::delete);
        } finally {
            member.shutdown();
        }
    }
}
