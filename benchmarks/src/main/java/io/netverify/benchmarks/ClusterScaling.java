package io.netverify.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.executor.LocalExecutorStats;
import io.netverify.cli.ClusterSettings;
import io.netverify.cli.ClusterTask;
import io.netverify.cli.InstanceTask;
import io.netverify.cluster.ClusterMember;
import io.netverify.cluster.Submission;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Speed-up of {@code verify bench --cluster} with 1, 2, 3 local workers (Hazelcast members in this
 * JVM, one task at a time each) against deciding the list in this process, one instance after the
 * other; each member's throughput; and the coordination cost per task, with tasks that do nothing:
 * the time from submitting a task to its start on the worker and from its end to its delivery on the
 * submitter (one task at a time; same JVM, so the same clock), and the amortised time per task of
 * many at once. Verdicts are checked against the local run, which is timed after an untimed pass
 * over the list (the JIT warm-up that the members, in the same JVM, then no longer pay).
 *
 * <p>Usage: {@code ClusterScaling <instances.csv> <timeout s> <members,...> <trivial tasks>}
 */
public final class ClusterScaling {
    private static final String SECRET = "benchmark-secret-0123";

    private ClusterScaling() {
    }

    /** A task that does nothing: returns the time it started on the worker. */
    record Noop(int id) implements ClusterTask<Long> {
        @Override
        public Long call() {
            return System.nanoTime();
        }

        @Override
        public Long failed(String why) {
            return -1L;
        }
    }

    public static void main(String[] args) throws Exception {
        Path list = Path.of(args[0]);
        double timeout = Double.parseDouble(args[1]);
        int[] counts = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int trivial = Integer.parseInt(args[3]);
        List<InstanceTask> tasks = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            String[] f = line.split(",");
            if (f.length >= 3) {
                tasks.add(new InstanceTask(tasks.size(), list.getParent().resolve(f[0].strip()).toString(),
                    list.getParent().resolve(f[1].strip()).toString(), Math.min(timeout, Double.parseDouble(f[2].strip())), 0));
            }
        }
        System.out.printf(Locale.ROOT, "%d instances of %s, timeout %.0f s; %d cores%n", tasks.size(), list, timeout,
            Runtime.getRuntime().availableProcessors());
        // the members run in this JVM: compile the verifier's code before anything is timed
        tasks.forEach(InstanceTask::call);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        String[] local = new String[tasks.size()];
        for (InstanceTask t : tasks) {
            local[t.id()] = t.call().verdict().word();
        }
        double localWall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "| setup | wall s | speed-up | CPU s | tasks per member | per-member tasks/min | same verdicts "
            + "| load |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| this process | %.1f | 1.00 | %.1f | %d | %.1f | - | %.1f |%n", localWall, (cpu() - cpu0) / 1e9,
            tasks.size(), tasks.size() / localWall * 60, load());
        for (int k : counts) {
            List<HazelcastInstance> workers = startWorkers(k);
            HazelcastInstance submitter = ClusterMember.start(settings(workers), true, 1);
            try {
                cpu0 = cpu();
                t0 = System.nanoTime();
                String[] got = new String[tasks.size()];
                new Submission(submitter, "scaling-" + k, line -> { }).run(tasks, (t, r) -> got[t.id()] = r.verdict().word());
                double wall = (System.nanoTime() - t0) / 1e9;
                long[] done = workers.stream().mapToLong(w -> stats(w).getCompletedTaskCount()).toArray();
                System.out.printf(Locale.ROOT, "| %d member(s) | %.1f | %.2f | %.1f | %s | %s | %s | %.1f |%n", k, wall, localWall / wall,
                    (cpu() - cpu0) / 1e9, Arrays.toString(done), String.join(" / ",
                        Arrays.stream(done).mapToObj(d -> String.format(Locale.ROOT, "%.1f", d / wall * 60)).toList()),
                    Arrays.equals(local, got) ? "yes" : "NO: " + Arrays.toString(got), load());
                overhead(submitter, k, trivial);
            } finally {
                submitter.shutdown();
                workers.forEach(HazelcastInstance::shutdown);
            }
        }
    }

    /** Coordination cost with tasks that do nothing. */
    private static void overhead(HazelcastInstance submitter, int k, int trivial) throws InterruptedException {
        int singles = 30;
        double[] toStart = new double[singles];
        double[] toDelivery = new double[singles];
        for (int i = 0; i < singles; i++) {
            long[] times = new long[2];
            long submitted = System.nanoTime();
            new Submission(submitter, "single-" + k + "-" + i, line -> { }).run(List.of(new Noop(0)), (t, started) -> {
                times[0] = started;
                times[1] = System.nanoTime();
            });
            toStart[i] = (times[0] - submitted) / 1e6;
            toDelivery[i] = (times[1] - times[0]) / 1e6;
        }
        long t0 = System.nanoTime();
        new Submission(submitter, "trivial-" + k, line -> { }).run(IntStream.range(0, trivial).mapToObj(Noop::new).toList(), (t, r) -> { });
        double perTask = (System.nanoTime() - t0) / 1e6 / trivial;
        System.out.printf(Locale.ROOT, "  %d member(s), trivial tasks: submit to start %.2f ms, end to delivery %.2f ms (medians of %d single "
            + "runs); %d at once: %.3f ms per task%n", k, median(toStart), median(toDelivery), singles, trivial, perTask);
    }

    private static List<HazelcastInstance> startWorkers(int k) throws IOException {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            members.add("127.0.0.1:" + freePort());
        }
        return members.stream().map(m -> CompletableFuture.supplyAsync(() -> ClusterMember.start(
            new ClusterSettings("scaling", members, m, SECRET, "-"), false, 1))).toList().stream().map(CompletableFuture::join).toList();
    }

    private static ClusterSettings settings(List<HazelcastInstance> workers) {
        List<String> members = workers.stream().map(w -> {
            var a = w.getCluster().getLocalMember().getAddress();
            return a.getHost() + ":" + a.getPort();
        }).toList();
        return new ClusterSettings("scaling", members, "127.0.0.1", SECRET, "-");
    }

    private static LocalExecutorStats stats(HazelcastInstance worker) {
        return worker.getExecutorService(ClusterMember.EXECUTOR).getLocalExecutorStats();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
