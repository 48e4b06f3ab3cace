package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import io.netverify.verifier.certify.ReportFiles;
import io.netverify.verifier.certify.ResultCache;
import io.netverify.verifier.shard.Shard;
import io.netverify.verifier.shard.ShardManifest;
import io.netverify.verifier.shard.ShardPoints;
import io.netverify.verifier.shard.ShardSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@code verify certify}: certified accuracy of a classifier on a dataset. */
@Command(name = "certify", mixinStandardHelpOptions = true,
    description = {"Certifies a classifier on labelled data: for each point x with label k and each eps, whether class k "
        + "stays the strict maximum for every input in clip(x - eps, x + eps, range), normalised as the model sees it. "
        + "Prints clean accuracy, certified accuracy, accuracy under attack (an upper bound of robust accuracy) and "
        + "the unknown rate per eps.",
        "Data: CSV (features then label per row, or a separate labels file), NumPy .npy (float32, float64, uint8; "
            + "labels as an integer .npy) or IDX (*-idx3-ubyte, gzipped or not). Unsigned byte data is divided by 255."})
final class CertifyCommand implements Callable<Integer> {
    /** A shard folder's lossless point results. */
    private static final String SHARD_POINTS = "shard-points.tsv";

    @Option(names = "--onnx", required = true, paramLabel = "MODEL", description = "The ONNX classifier.")
    Path onnx;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The points (.csv, .npy, IDX).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "The labels (.npy, IDX, .csv); default: the last CSV field.")
    Path labels;

    @Option(names = "--eps", required = true, split = ",", paramLabel = "E", description = "One or more L-inf radii, comma-separated.")
    List<Double> eps;

    @Option(names = "--norm", defaultValue = "linf", paramLabel = "NORM", description = "The perturbation norm: linf (default).")
    String norm;

    @Option(names = "--range", paramLabel = "LO,HI", description = "Clip boxes to this value range (e.g. 0,1).")
    String range;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
        description = "The model sees (x - MEAN) / STD; eps and range are in the data's own units.")
    String normalize;

    @Option(names = "--method", defaultValue = "crown", paramLabel = "M",
        description = "ibp, crown (default), alpha-crown, or complete (attacks and branch and bound on what bounds leave open).")
    String method;

    @Option(names = "--timeout-per-point", defaultValue = "10", paramLabel = "SEC",
        description = "Seconds for alpha-CROWN, the attack and the complete verifier on one point (default: ${DEFAULT-VALUE}).")
    double timeoutPerPoint;

    @Option(names = "--budget", defaultValue = "3600", paramLabel = "SEC",
        description = "Seconds for the whole run; points still open then are unknown (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--limit", paramLabel = "N", description = "Certify only the first N points.")
    Integer limit;

    @Option(names = "--attack-steps", defaultValue = "" + CertifySettings.DEFAULT_ATTACK_STEPS, paramLabel = "N",
        description = "PGD steps per open point; 0 turns the attack off (default: ${DEFAULT-VALUE}).")
    int attackSteps;

    @Mixin
    SeedOption seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write totals and every point's result as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write every point's result as CSV.")
    Path csv;

    @Option(names = "--counterexamples", paramLabel = "DIR", description = "Write each counterexample into a file in DIR.")
    Path counterexamples;

    @Option(names = "--cache", paramLabel = "DIR",
        description = "Reuse and store decided outcomes in DIR (e.g. .netverify/cache), keyed by model, point, eps and settings.")
    Path cache;

    @Option(names = "--out", paramLabel = "DIR", description = "Write report.json, points.csv and counterexamples/ into DIR "
        + "(needed with --shard, whose folder it is).")
    Path out;

    @Mixin
    ShardOption shard;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--chunk", defaultValue = "32", paramLabel = "N",
        description = "With --cluster: points per task (default: ${DEFAULT-VALUE}); larger chunks batch better and cost less "
            + "coordination, smaller ones spread better over few points.")
    int chunk;

    @Mixin
    QuietOption quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CertifySettings settings = settings();
        if (limit != null && limit <= 0) {
            throw new UsageException("--limit must be positive, got " + limit);
        }
        Shard part = shard.get();
        if (part != null && out == null) {
            throw new UsageException("--shard needs --out DIR, the shard's folder");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CertifiedModel model = CertifiedModel.load(onnx);
        Dataset all = Dataset.read(data, labels);
        all = limit == null ? all : all.limit(limit);
        model.check(all, data);
        List<String> ids = all.ids();
        List<Integer> mine = part == null ? IntStream.range(0, all.size()).boxed().toList()
            : part.select(ids, new double[ids.size()]);
        Dataset points = part == null ? all : all.select(mine);
        String config = settings + ";timeout=" + settings.timeoutPerPoint() + ";budget=" + settings.budget() + ";attack="
            + settings.attackSteps() + "\n" + limit + "\n" + String.join("\n", ids);
        String fingerprint = ResultCache.sha256Hex(model.bytes(), config.getBytes(StandardCharsets.UTF_8));
        // the default run id names the points of every task: a restart with the same options resumes
        ClusterSettings onCluster = cluster.settings(() -> fingerprint + "-" + chunk + (part == null ? "" : "-" + part.index()
            + "-" + part.count()));
        if (onCluster != null && cache != null) {
            throw new UsageException("--cache does not go with --cluster (the workers keep no cache)");
        }
        ResultCache results = cache == null ? null
            : ResultCache.open(cache, model.bytes(), settings, new Version().getVersion()[0]);
        CertifyReport report;
        if (onCluster != null) {
            report = certifyOnCluster(onCluster, settings, all, mine, err);
        } else {
            report = new Certifier(model.graph(), settings, results, quiet.progress(err)).certify(points);
            if (results != null) {
                results.save();
            }
            if (part != null) {
                List<ShardPoints.Keyed> whole = ShardPoints.whole(report, report.points().stream().map(p -> "").toList(), mine);
                report = new CertifyReport(whole.stream().map(ShardPoints.Keyed::result).toList(), report.totals(), report.seconds());
            }
        }
        if (part != null) {
            Files.createDirectories(out);
            ShardPoints.write(out.resolve(SHARD_POINTS), report.points().stream().map(p -> new ShardPoints.Keyed(p, "")).toList());
            new ShardManifest("certify", fingerprint, part, all.size(), mine, mine.stream().map(ids::get).toList(),
                Map.of("eps", Arrays.stream(settings.eps()).mapToObj(String::valueOf).collect(Collectors.joining(",")),
                    "seconds", Double.toString(report.seconds()))).write(out);
        }
        write(report);
        stdout.println(table(report.totals()));
        if (!quiet.quiet) {
            err.printf("%d points, %d eps, %.2f s%s%n", points.size(), settings.eps().length, report.seconds(),
                results == null ? "" : ", " + results.hits() + " from the cache");
        }
        return 0;
    }

    /**
     * Certifies the points at {@code mine} on a cluster, in chunks, and returns their report (point
     * indices are positions in {@code all}), as a single run would.
     */
    private CertifyReport certifyOnCluster(ClusterSettings onCluster, CertifySettings settings, Dataset all, List<Integer> mine,
                                           PrintWriter err) throws IOException {
        if (chunk < 1) {
            throw new UsageException("--chunk must be at least 1, got " + chunk);
        }
        long start = System.nanoTime();
        List<CertifyChunk> tasks = new ArrayList<>();
        for (int from = 0; from < mine.size(); from += chunk) {
            tasks.add(new CertifyChunk(tasks.size(), onnx.toString(), data.toString(), labels == null ? null : labels.toString(),
                limit, settings, List.copyOf(mine.subList(from, Math.min(mine.size(), from + chunk)))));
        }
        err.println("cluster run id " + onCluster.runId() + " (a restart with the same options resumes it)");
        List<ShardPoints.Keyed> arrived = new ArrayList<>();
        int[] chunks = new int[1];
        ClusterOption.backend().run(onCluster, tasks, (task, r) -> {
            if (r.points() != null) {
                arrived.addAll(ShardPoints.parse(r.points().lines().toList(), "chunk " + task.id()));
            } else {
                // a chunk its worker could not certify: its points are errors (the clean prediction unknown: -1)
                for (double e : settings.eps()) {
                    for (int i : task.positions()) {
                        arrived.add(new ShardPoints.Keyed(new PointResult(i, all.labels()[i], -1, e, PointVerdict.ERROR, Double.NaN,
                            r.error(), 0, null, false), ""));
                    }
                }
            }
            if (!quiet.quiet) {
                err.printf("cluster: chunk %d/%d in (%d points)%s%n", ++chunks[0], tasks.size(), task.positions().size(),
                    r.error() == null ? "" : ": " + r.error());
            }
        });
        return ShardPoints.merge(arrived, settings.eps(), (System.nanoTime() - start) / 1e9).report();
    }

    /** Writes the report files the options ask for. */
    private void write(CertifyReport report) throws IOException {
        String[] files = counterexamples == null ? null : ReportFiles.writeCounterexamples(report, counterexamples);
        if (json != null) {
            AtomicFiles.write(json, ReportFiles.json(report, files));
        }
        if (csv != null) {
            AtomicFiles.write(csv, ReportFiles.csv(report, files));
        }
        if (out != null) {
            writeFolder(report, out);
        }
    }

    /** report.json, points.csv and counterexamples/ in {@code dir}: what --out and a merge write. */
    static void writeFolder(CertifyReport report, Path dir) throws IOException {
        String[] files = ReportFiles.writeCounterexamples(report, dir.resolve("counterexamples"));
        AtomicFiles.write(dir.resolve("report.json"), ReportFiles.json(report, files));
        AtomicFiles.write(dir.resolve("points.csv"), ReportFiles.csv(report, files));
    }

    /** Merges certify shard folders into {@code dir}, prints the totals table. */
    static int merge(ShardSet shards, Path dir, PrintWriter stdout) throws IOException {
        List<ShardPoints.Keyed> points = new ArrayList<>();
        double seconds = 0;
        for (int k = 0; k < shards.dirs().size(); k++) {
            points.addAll(ShardPoints.read(shards.dirs().get(k).resolve(SHARD_POINTS)));
            seconds = Math.max(seconds, Double.parseDouble(shards.manifests().get(k).get("seconds")));
        }
        double[] eps = Arrays.stream(shards.first().get("eps").split(",")).mapToDouble(Double::parseDouble).toArray();
        CertifyReport report = ShardPoints.merge(points, eps, seconds).report();
        writeFolder(report, dir);
        stdout.println(table(report.totals()));
        stdout.println("merged " + shards.dirs().size() + " shards into " + dir);
        return 0;
    }

    /** The totals as an aligned table. */
    static String table(List<EpsTotals> totals) {
        StringBuilder sb = new StringBuilder(String.format("%-10s %7s %8s %10s %12s %8s",
            "eps", "points", "clean", "certified", "pgd-robust", "unknown"));
        for (EpsTotals t : totals) {
            sb.append(String.format(java.util.Locale.ROOT, "%n%-10s %7d %8.4f %10.4f %12.4f %8.4f", t.eps(), t.points(),
                t.cleanAccuracy(), t.certifiedAccuracy(), t.robustAccuracy(), t.unknownRate()));
        }
        return sb.toString();
    }

    private CertifySettings settings() {
        if (!norm.equals("linf")) {
            throw new UsageException("--norm must be linf (the only norm supported so far), got '" + norm + "'");
        }
        CertifyMethod m = CertifyMethod.named(method);
        if (m == null) {
            throw new UsageException("--method must be ibp, crown, alpha-crown or complete, got '" + method + "'");
        }
        double[] lohi = pair(range, "--range", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        double[] ms = pair(normalize, "--normalize", 0, 1);
        try {
            return new CertifySettings(eps.stream().mapToDouble(Double::doubleValue).toArray(), lohi[0], lohi[1], ms[0], ms[1],
                m, timeoutPerPoint, budget, seed.seed, attackSteps);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static double[] pair(String value, String option, double first, double second) {
        if (value == null) {
            return new double[] {first, second};
        }
        String[] parts = value.split(",", -1);
        try {
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " takes two comma-separated numbers, got '" + value + "'");
    }
}
