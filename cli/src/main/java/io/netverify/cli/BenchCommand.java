package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.ResultFile;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.certify.ResultCache;
import io.netverify.verifier.shard.Shard;
import io.netverify.verifier.shard.ShardManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/** {@code verify bench}: runs a VNN-COMP instance list and summarises the results. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Runs a VNN-COMP instance list (rows 'onnx,vnnlib,timeout', no header, paths relative to the list's "
            + "folder) one instance after the other in this process, and writes to --out:",
        "  results/<onnx>__<vnnlib>.txt  each instance's VNN-COMP result file",
        "  results.csv    per instance: result, seconds, known answer, correct/wrong",
        "  summary.md/.csv  solved sat/unsat, unknown, timeout, error, wrong answers,",
        "                 total and median time of the solved instances",
        "  cactus.svg     instances solved vs time",
        "An instance's time includes loading its network and property. An instance that cannot be loaded (missing "
            + "file, unsupported operator) is an 'error' and the run goes on. A wrong answer is sat where the known "
            + "answer is unsat, or unsat where it is sat.", ""},
    footer = {"", "Exit codes: 0 done (whatever the verdicts), 3 at least one wrong answer, 2 usage or input error (bad "
        + "instance list, answers or reference file), 1 internal error."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--instances", required = true, paramLabel = "CSV", description = "The instance list (VNN-COMP instances.csv).")
    Path instances;

    @Option(names = "--timeout-scale", paramLabel = "X", defaultValue = "1",
        description = "Multiplies every instance timeout (default: ${DEFAULT-VALUE}).")
    double timeoutScale;

    @Option(names = "--timeout", paramLabel = "SEC", description = "Use this timeout for every instance instead of the list's "
        + "(still multiplied by --timeout-scale).")
    Double timeout;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: bench-out/<the list's folder name>).")
    Path out;

    @Option(names = "--every", paramLabel = "K", defaultValue = "1",
        description = "Run every K-th instance of the list, starting with the first (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--limit", paramLabel = "N", description = "Run at most N instances (after --every).")
    Integer limit;

    @Option(names = "--answers", paramLabel = "FILE", description = {"Known answers: VNN-COMP's "
        + "'onnx,vnnlib,answer,confidence,usable_for_scoring' (rows with usable_for_scoring=yes) or a table with "
        + "onnx, vnnlib and pgd columns (the digits benchmark's known_answers.csv); paths relative to the list's folder.",
        "Default: answers.csv or known_answers.csv beside the list, if there is one."})
    Path answers;

    @Option(names = "--compare", paramLabel = "REF.csv", description = "Another tool's results to compare with: columns "
        + "onnx, vnnlib, result (sat/unsat/holds/violated/unknown/timeout/error) and wall_s; paths relative to the list's folder.")
    Path compare;

    @Mixin
    SeedOption seed;

    @Mixin
    QuietOption quiet;

    @Mixin
    ShardOption shard;

    @Mixin
    ClusterOption cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!(timeoutScale > 0) || Double.isInfinite(timeoutScale)) {
            throw new UsageException("--timeout-scale must be positive, got " + timeoutScale);
        }
        if (timeout != null && (!(timeout > 0) || timeout.isInfinite())) {
            throw new UsageException("--timeout must be positive, got " + timeout);
        }
        if (every < 1 || limit != null && limit < 1) {
            throw new UsageException("--every and --limit must be at least 1");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Instance> list = Instance.readList(instances);
        Path dir = instances.toAbsolutePath().getParent();
        KnownAnswers known = knownAnswers(dir);
        ReferenceRuns reference = compare == null ? null : ReferenceRuns.read(compare, dir);
        Path outDir = out != null ? out : Path.of("bench-out", dir.getFileName().toString());
        Files.createDirectories(outDir.resolve("results"));

        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < list.size() && (limit == null || chosen.size() < limit); i += every) {
            chosen.add(i);
        }
        List<Instance> runs = chosen.stream().map(i -> list.get(i))
            .map(l -> new Instance(l.onnx(), l.vnnlib(), (timeout != null ? timeout : l.timeout()) * timeoutScale)).toList();
        List<String> ids = runs.stream().map(inst -> relative(dir, inst.onnx()) + "," + relative(dir, inst.vnnlib())).toList();
        Shard part = shard.get();
        List<Integer> mine = part == null ? IntStream.range(0, runs.size()).boxed().toList()
            : part.select(ids, runs.stream().mapToDouble(Instance::timeout).toArray());
        List<String> files = resultFileNames(runs, chosen);
        BenchReport.Header header = new BenchReport.Header(instances.toString(), dir.getFileName().toString(), list.size(),
            (every > 1 ? ", every " + every + "-th" : "") + (limit != null ? ", at most " + limit : ""),
            String.format(Locale.ROOT, "timeout: %s x %s; seed %d", timeout != null ? timeout + " s for every instance"
                : "the list's per-instance timeouts", timeoutScale, seed.seed),
            known.file().map(f -> f + " (" + known.size() + " sat/unsat answers)").orElse("none"),
            compare == null ? null : compare.toString(), reference == null ? null : reference.name());
        long start = System.nanoTime();
        List<BenchReport.Entry> arrived = new ArrayList<>();
        List<Integer> arrivedTasks = new ArrayList<>();
        List<InstanceTask> tasks = mine.stream().map(k -> new InstanceTask(k, runs.get(k).onnx().toString(),
            runs.get(k).vnnlib().toString(), runs.get(k).timeout(), seed.seed)).toList();
        BiConsumer<InstanceTask, VerificationResult> record = (task, r) -> {
            Instance inst = runs.get(task.id());
            try {
                ResultFile.write(outDir.resolve("results").resolve(files.get(task.id())), r);
                BenchReport.Entry e = new BenchReport.Entry(relative(dir, inst.onnx()), relative(dir, inst.vnnlib()),
                    inst.timeout(), new Outcome(r.verdict(), r.seconds()), r.detail(), known.get(inst.key()).orElse(null),
                    reference == null ? null : reference.get(inst.key()).orElse(null));
                arrived.add(e);
                arrivedTasks.add(task.id());
                AtomicFiles.write(outDir.resolve("results.csv"), BenchReport.resultsCsv(arrived, reference != null));
                if (!quiet.quiet || e.wrong()) {
                    err.println(progressLine(arrived.size(), mine.size(), inst, e));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        };
        ClusterSettings settings = cluster.settings(() -> UUID.randomUUID().toString());
        if (settings != null) {
            err.println("cluster run id " + settings.runId() + " (a restart with --run-id " + settings.runId() + " resumes it)");
            ClusterOption.backend().run(settings, tasks, record);
        } else {
            tasks.forEach(t -> record.accept(t, t.call()));
        }
        // from a cluster, results arrive in any order; the outputs list them as the list does
        BenchReport.Entry[] byTask = new BenchReport.Entry[runs.size()];
        for (int i = 0; i < arrived.size(); i++) {
            byTask[arrivedTasks.get(i)] = arrived.get(i);
        }
        List<BenchReport.Entry> entries = mine.stream().map(k -> byTask[k]).toList();
        double wall = (System.nanoTime() - start) / 1e9;
        if (part != null) {
            Map<String, String> context = new LinkedHashMap<>(header.toMap());
            context.put("seconds", Double.toString(wall));
            new ShardManifest("bench", fingerprint(list, header, known), part, runs.size(), mine,
                mine.stream().map(ids::get).toList(), context).write(outDir);
            header = header.withSelection(", shard " + part);
        }
        return BenchReport.finish(outDir, header, entries, wall, stdout, err);
    }

    /**
     * What must be equal for shards to be merged: the list's rows, the options and the known and
     * reference answers, by content (not by path, which may differ between machines).
     */
    private String fingerprint(List<Instance> list, BenchReport.Header header, KnownAnswers known) throws IOException {
        Path dir = instances.toAbsolutePath().getParent();
        StringBuilder sb = new StringBuilder(header.selection()).append('\n').append(header.settings()).append('\n');
        list.forEach(i -> sb.append(relative(dir, i.onnx())).append(',').append(relative(dir, i.vnnlib())).append(',')
            .append(i.timeout()).append('\n'));
        return ResultCache.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8),
            known.file().isPresent() ? Files.readAllBytes(known.file().get()) : new byte[0],
            compare == null ? new byte[0] : Files.readAllBytes(compare));
    }

    /** Result file names, unique over the whole list (not just one shard): a repeated name gets its row number. */
    private static List<String> resultFileNames(List<Instance> runs, List<Integer> rows) {
        Set<String> names = new HashSet<>();
        List<String> files = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            String name = stem(runs.get(k).onnx()) + "__" + stem(runs.get(k).vnnlib());
            files.add((names.add(name) ? name : name + "_" + (rows.get(k) + 1)) + ".txt");
        }
        return files;
    }

    private KnownAnswers knownAnswers(Path dir) throws IOException {
        if (answers != null) {
            return KnownAnswers.read(answers, dir);
        }
        for (String name : KnownAnswers.DEFAULT_NAMES) {
            if (Files.exists(dir.resolve(name))) {
                return KnownAnswers.read(dir.resolve(name), dir);
            }
        }
        return KnownAnswers.none();
    }

    private static String progressLine(int k, int n, Instance inst, BenchReport.Entry e) {
        String line = String.format(Locale.ROOT, "[%d/%d] %s %s: %s %.1fs", k, n, stem(inst.onnx()), stem(inst.vnnlib()),
            e.outcome().verdict().word(), e.outcome().seconds());
        if (e.wrong()) {
            return line + "  <<< WRONG: the known answer is " + e.known().word();
        }
        return e.outcome().verdict() == Verdict.ERROR ? line + " (" + e.detail() + ")" : line;
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    /** The file name without {@code .gz} and without its extension. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
