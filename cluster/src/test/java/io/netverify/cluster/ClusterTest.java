package io.netverify.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.netverify.cli.ClusterSettings;
import io.netverify.cli.InstanceTask;
import io.netverify.cli.Main;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three workers on loopback in this JVM: a list run on them gives the verdicts of a single run; a
 * worker killed mid-run loses no result and counts none twice; a member without the secret cannot
 * join; certification in chunks on the workers gives the point results of a single run; branch and
 * bound with its domains bounded on the workers reaches the verdicts of a single process (ACAS Xu and
 * mnist_fc, with -Dnetverify.shared), also when a worker is killed while it bounds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String NET = "tiny_relu_mlp.onnx";
    private static final String SECRET = "correct horse battery staple";
    private static final String ACAS_NET = "ACASXU_run2a_1_1_batch_2000.onnx";
    private static final String ACAS_PROP = "prop_1.vnnlib";

    @TempDir
    static Path dir;
    static Path list;
    static Path secretFile;
    static List<HazelcastInstance> workers = new ArrayList<>();
    static List<String> members = new ArrayList<>();
    static Map<String, String> single;

    @BeforeAll
    static void cluster() throws IOException {
        Path specs = Files.createDirectories(dir.resolve("bench/specs"));
        Files.copy(EXAMPLES.resolve(NET), dir.resolve("bench").resolve(NET));
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Files.copy(EXAMPLES.resolve("tiny_relu_mlp_robust.vnnlib"), specs.resolve("robust" + k + ".vnnlib"));
            Files.copy(EXAMPLES.resolve("tiny_relu_mlp_falsifiable.vnnlib"), specs.resolve("falsifiable" + k + ".vnnlib"));
            rows.add(NET + ",specs/robust" + k + ".vnnlib,20");
            rows.add(NET + ",specs/falsifiable" + k + ".vnnlib,20");
        }
        rows.add("missing.onnx,specs/robust0.vnnlib,20");
        list = Files.writeString(dir.resolve("bench/instances.csv"), String.join("\n", rows) + "\n");
        secretFile = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        for (int i = 0; i < 3; i++) {
            members.add("127.0.0.1:" + freePort());
        }
        // started together, the members find each other at once (one alone waits for the others it was told of)
        List<CompletableFuture<HazelcastInstance>> starts = members.stream()
            .map(m -> CompletableFuture.supplyAsync(() -> ClusterMember.start(settings(m, SECRET, "-"), false, 1))).toList();
        starts.forEach(f -> workers.add(f.join()));
        assertEquals(0, bench("--out", dir.resolve("single").toString()));
        single = verdicts(dir.resolve("single"));
    }

    @AfterAll
    static void stop() {
        workers.forEach(HazelcastInstance::shutdown);
    }

    @Test
    @Order(1)
    void threeWorkersGiveTheVerdictsOfASingleRun() throws IOException {
        assertEquals(3, workers.get(0).getCluster().getMembers().size());
        assertEquals(0, bench("--out", dir.resolve("cluster").toString(), "--cluster", "test", "--members",
            String.join(",", members), "--secret-file", secretFile.toString()));
        assertEquals(single, verdicts(dir.resolve("cluster")));
        assertEquals(List.of("unsat", "sat", "error"), List.copyOf(new java.util.LinkedHashSet<>(single.values())));
    }

    @Test
    @Order(2)
    void aWorkerKilledMidRunLosesNoResultAndCountsNoneTwice() throws Exception {
        HazelcastInstance submitter = ClusterMember.start(settings("127.0.0.1", SECRET, "-"), true, 1);
        try {
            List<InstanceTask> tasks = tasks();
            // killed as soon as it has a task of this run (running or queued): those are lost with it
            Thread killer = killWhenItGetsWork(workers.get(2), ClusterTest::received, 10);
            Submission s = new Submission(submitter, "killed-run", System.err::println);
            Map<Integer, String> got = new TreeMap<>();
            s.run(tasks, (t, r) -> assertEquals(null, got.put(t.id(), r.verdict().word()), "task " + t.id() + " twice"));
            killer.join();
            assertEquals(tasks.size(), got.size());
            List<String> expected = new ArrayList<>(single.values());
            assertEquals(expected, List.copyOf(got.values()));
            // membership news travels asynchronously: the survivors may still list the killed worker for a moment
            long until = System.nanoTime() + 20_000_000_000L;
            while (workers.get(0).getCluster().getMembers().size() - 1 > 2 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertEquals(2, workers.get(0).getCluster().getMembers().size() - 1, "the killed worker is gone");
        } finally {
            submitter.shutdown();
        }
    }

    @Test
    @Order(3)
    void aRestartedSubmitterResumesFromTheResultsCollected() throws Exception {
        List<InstanceTask> tasks = tasks();
        HazelcastInstance first = ClusterMember.start(settings("127.0.0.1", SECRET, "-"), true, 1);
        Map<Integer, String> got = new TreeMap<>();
        try {
            // the submitter "crashes" after 3 results
            new Submission(first, "resumed-run", line -> { }).run(tasks, (t, r) -> {
                got.put(t.id(), r.verdict().word());
                if (got.size() == 3) {
                    throw new IllegalStateException("crash");
                }
            });
        } catch (IllegalStateException expected) {
            // as a killed submitter would
        } finally {
            first.shutdown();
        }
        assertEquals(3, got.size());
        // the tasks the first submitter had handed out finish on the workers and store their results
        List<HazelcastInstance> alive = workers.stream().filter(w -> w.getLifecycleService().isRunning()).toList();
        while (alive.stream().anyMatch(w -> started(w) != w.getExecutorService(ClusterMember.EXECUTOR).getLocalExecutorStats()
            .getCompletedTaskCount() || w.getExecutorService(ClusterMember.EXECUTOR).getLocalExecutorStats().getPendingTaskCount() > 0)) {
            Thread.sleep(20);
        }
        long startedBefore = workers.stream().filter(w -> w.getLifecycleService().isRunning()).mapToLong(ClusterTest::started).sum();
        HazelcastInstance second = ClusterMember.start(settings("127.0.0.1", SECRET, "-"), true, 1);
        Map<Integer, String> resumed = new TreeMap<>();
        try {
            new Submission(second, "resumed-run", line -> { }).run(tasks,
                (t, r) -> assertEquals(null, resumed.put(t.id(), r.verdict().word()), "task " + t.id() + " twice"));
        } finally {
            second.shutdown();
        }
        long ran = workers.stream().filter(w -> w.getLifecycleService().isRunning()).mapToLong(ClusterTest::started).sum()
            - startedBefore;
        assertEquals(List.copyOf(single.values()), List.copyOf(resumed.values()));
        assertTrue(ran <= tasks.size() - 3, "only tasks without a stored result run again: " + ran + " of " + tasks.size());
    }

    @Test
    @Order(4)
    void aMemberWithoutTheSecretIsRefused() {
        assertNotEquals(ClusterMember.clusterName("test", SECRET), ClusterMember.clusterName("test", "another secret"));
        System.setProperty("hazelcast.max.join.seconds", "5");
        HazelcastInstance intruder = ClusterMember.start(settings("127.0.0.1", "another secret", "-"), false, 1);
        try {
            assertEquals(1, intruder.getCluster().getMembers().size(), "the intruder is alone");
            assertTrue(workers.get(0).getCluster().getMembers().stream()
                .noneMatch(m -> m.getUuid().equals(intruder.getCluster().getLocalMember().getUuid())));
        } finally {
            intruder.shutdown();
            System.clearProperty("hazelcast.max.join.seconds");
        }
    }

    @Test
    @Order(5)
    void certifyOnTheClusterGivesThePointResultsOfASingleRun() throws IOException {
        Path gate = EXAMPLES.resolve("gate");
        List<String> common = List.of("certify", "--onnx", gate.resolve("model.onnx").toString(), "--data",
            gate.resolve("points.csv").toString(), "--eps", "0.01,0.1", "--range", "0,1", "--attack-steps", "0", "-q");
        Path single = dir.resolve("certify-single");
        cli(common, "--out", single.toString());
        Path clustered = dir.resolve("certify-cluster");
        // 60 points in chunks of 7: the last chunk is short
        cli(common, "--out", clustered.toString(), "--cluster", "test", "--members", String.join(",", members), "--secret-file",
            secretFile.toString(), "--chunk", "7");
        List<String> a = Files.readAllLines(single.resolve("points.csv"));
        List<String> b = Files.readAllLines(clustered.resolve("points.csv"));
        assertEquals(121, a.size());
        assertEquals(a.get(0), b.get(0));
        int seconds = List.of(a.get(0).split(",")).indexOf("seconds");
        int margin = List.of(a.get(0).split(",")).indexOf("margin_lower");
        for (int k = 1; k < a.size(); k++) {
            List<String> x = new ArrayList<>(List.of(a.get(k).split(",", -1)));
            List<String> y = new ArrayList<>(List.of(b.get(k).split(",", -1)));
            // batches of other sizes may round the margins' last bits differently
            if (x.get(margin).isEmpty() || y.get(margin).isEmpty()) {
                assertEquals(x.get(margin), y.get(margin), "margin of row " + k);
            } else {
                double mx = Double.parseDouble(x.get(margin));
                assertEquals(mx, Double.parseDouble(y.get(margin)), 1e-9 * (1 + Math.abs(mx)), "margin of row " + k);
            }
            for (int c : new int[] {seconds, margin}) {
                x.set(c, "");
                y.set(c, "");
            }
            int file = x.size() - 1; // the counterexample's file, in each run's own folder
            x.set(file, Path.of(x.get(file)).getFileName() + "");
            y.set(file, Path.of(y.get(file)).getFileName() + "");
            assertEquals(x, y, "row " + k);
        }
        assertTrue(a.stream().anyMatch(l -> l.contains(",falsified,")) && a.stream().anyMatch(l -> l.contains(",certified,")));
        try (var files = Files.list(single.resolve("counterexamples")); var others = Files.list(clustered.resolve("counterexamples"))) {
            List<Path> mine = files.sorted().toList();
            assertEquals(mine.stream().map(Path::getFileName).toList(), others.sorted().map(Path::getFileName).toList());
            for (Path f : mine) {
                assertEquals(Files.readString(f), Files.readString(clustered.resolve("counterexamples").resolve(f.getFileName())));
            }
        }
    }

    @Test
    @Order(6)
    @Timeout(value = 240, unit = TimeUnit.SECONDS) // four verifier runs: about 15 s on an idle 2-core machine, 80 s at load 38
    void branchAndBoundOnTheWorkersReachesTheVerdictsOfASingleProcess() {
        String shared = System.getProperty("netverify.shared");
        Assumptions.assumeTrue(shared != null, "needs -Dnetverify.shared");
        Path bench = Path.of(shared, "benchmarks");
        // input splitting (ACAS Xu) and activation splitting (mnist_fc), each past bound propagation
        for (String[] instance : new String[][] {{"acasxu/" + ACAS_NET, "acasxu/" + ACAS_PROP, "input"},
            {"mnist_fc/onnx/mnist-net_256x2.onnx", "mnist_fc/vnnlib/prop_6_0.03.vnnlib", "activation"}}) {
            Path onnx = bench.resolve(instance[0]);
            assertTrue(Files.isRegularFile(onnx) && Files.isRegularFile(bench.resolve(instance[1])), onnx + " or its property is missing");
            Graph graph = OnnxModel.read(onnx).toGraph();
            Specification spec = VnnlibParser.parse(bench.resolve(instance[1]));
            VerifierOptions options = new VerifierOptions(60, 0, line -> { }, BranchingMode.named(instance[2]));
            VerificationResult single = Verifier.verify(graph, spec, options);
            HazelcastBranching onWorkers = new HazelcastBranching(ClusterMember.start(settings("127.0.0.1", SECRET, "-"), true, 1),
                onnx.toString(), "bab-" + instance[2]);
            VerificationResult clustered;
            List<String> summary;
            try {
                clustered = Verifier.verify(graph, spec, options.withExecutor(onWorkers));
                summary = onWorkers.summary();
            } finally {
                onWorkers.close();
            }
            assertEquals(single.verdict(), clustered.verdict(), instance[1] + ": " + single.detail() + " vs " + clustered.detail());
            assertTrue(clustered.detail().contains("branch and bound"), clustered.detail());
            long members = summary.stream().filter(l -> l.startsWith("bab on ") && !l.startsWith("bab on submitter")).count();
            assertTrue(members >= 2, "domains bounded on every worker: " + summary);
        }
    }

    @Test
    @Order(7)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aWorkerKilledDuringBranchAndBoundLosesNoDomain() throws Exception {
        String shared = System.getProperty("netverify.shared");
        Assumptions.assumeTrue(shared != null, "needs -Dnetverify.shared");
        Path onnx = Path.of(shared, "benchmarks", "acasxu", ACAS_NET);
        Graph graph = OnnxModel.read(onnx).toGraph();
        Specification spec = VnnlibParser.parse(onnx.resolveSibling(ACAS_PROP));
        VerifierOptions options = new VerifierOptions(60, 0, line -> { }, BranchingMode.INPUT);
        VerificationResult single = Verifier.verify(graph, spec, options);
        // killed while it bounds a piece: the piece is bounded again by the other worker
        Thread killer = killWhenItGetsWork(workers.get(1), ClusterTest::started, 60);
        HazelcastBranching onWorkers = new HazelcastBranching(ClusterMember.start(settings("127.0.0.1", SECRET, "-"), true, 1),
            onnx.toString(), "bab-killed");
        try {
            VerificationResult clustered = Verifier.verify(graph, spec, options.withExecutor(onWorkers));
            killer.join();
            assertEquals(single.verdict(), clustered.verdict(), single.detail() + " vs " + clustered.detail());
            assertTrue(onWorkers.summary().stream().anyMatch(l -> l.matches("bab: [1-9]\\d* pieces bounded again.*")),
                "the killed worker's piece was bounded again: " + onWorkers.summary());
        } finally {
            onWorkers.close();
        }
    }

    /** The list's instances as tasks, numbered in list order. */
    private static List<InstanceTask> tasks() throws IOException {
        List<InstanceTask> tasks = new ArrayList<>();
        List<String> lines = Files.readAllLines(list);
        for (int k = 0; k < lines.size(); k++) {
            String[] f = lines.get(k).split(",");
            tasks.add(new InstanceTask(k, dir.resolve("bench").resolve(f[0]).toString(),
                dir.resolve("bench").resolve(f[1]).toString(), 20, 0));
        }
        return tasks;
    }

    /** A started thread that terminates {@code victim} as soon as {@code count} of it changes (or after {@code seconds}). */
    private static Thread killWhenItGetsWork(HazelcastInstance victim, ToLongFunction<HazelcastInstance> count, int seconds) {
        long before = count.applyAsLong(victim);
        Thread killer = new Thread(() -> {
            long until = System.nanoTime() + seconds * 1_000_000_000L;
            while (count.applyAsLong(victim) == before && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            victim.getLifecycleService().terminate();
        });
        killer.start();
        return killer;
    }

    private static long received(HazelcastInstance worker) {
        var stats = worker.getExecutorService(ClusterMember.EXECUTOR).getLocalExecutorStats();
        return stats.getStartedTaskCount() + stats.getPendingTaskCount();
    }

    private static long started(HazelcastInstance worker) {
        return worker.getExecutorService(ClusterMember.EXECUTOR).getLocalExecutorStats().getStartedTaskCount();
    }

    private static ClusterSettings settings(String bind, String secret, String runId) {
        return new ClusterSettings("test", members, bind, secret, runId);
    }

    private static int bench(String... args) {
        return cli(List.of("bench", "--instances", list.toString(), "-q"), args);
    }

    private static int cli(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, out + "\n" + err);
        return code;
    }

    /** vnnlib -> result of a bench folder's results.csv, in list order. */
    private static Map<String, String> verdicts(Path out) throws IOException {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            m.put(f[0] + "," + f[1], f[3]);
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
