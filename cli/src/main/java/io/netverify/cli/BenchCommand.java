package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.ResultFile;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code verify bench}: runs a VNN-COMP instance list and summarises the results. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Runs a VNN-COMP instance list (rows 'onnx,vnnlib,timeout', no header,",
        "paths relative to the list's folder) one instance after the other in this",
        "process, and writes to --out:",
        "  results/<onnx>__<vnnlib>.txt  each instance's VNN-COMP result file",
        "  results.csv    per instance: result, seconds, known answer, correct/wrong",
        "  summary.md/.csv  solved sat/unsat, unknown, timeout, error, wrong answers,",
        "                 total and median time of the solved instances",
        "  cactus.svg     instances solved vs time",
        "An instance's time includes loading its network and property. An instance",
        "that cannot be loaded (missing file, unsupported operator) is an 'error' and",
        "the run goes on. A wrong answer is sat where the known answer is unsat, or",
        "unsat where it is sat.", ""},
    footer = {"", "Exit codes: 0 done (whatever the verdicts), 3 at least one wrong answer,",
        "2 usage or input error (bad instance list, answers or reference file),", "1 internal error."})
final class BenchCommand implements Callable<Integer> {
    private static final String TOOL = "netverify";

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

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "No per-instance progress lines on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** One instance's row of the run. {@code known} and {@code reference} are null when there is none. */
    private record Entry(String onnx, String vnnlib, double timeout, Outcome outcome, String detail, Verdict known,
                         Outcome reference) {
        boolean wrong() {
            return known != null && VerdictWords.contradicts(outcome.verdict(), known);
        }

        String check() {
            if (wrong()) {
                return "wrong";
            }
            return known != null && outcome.verdict() == known ? "correct" : "";
        }
    }

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
        long start = System.nanoTime();
        List<Entry> entries = new ArrayList<>();
        Set<String> fileNames = new HashSet<>();
        for (int i : chosen) {
            Instance listed = list.get(i);
            Instance inst = new Instance(listed.onnx(), listed.vnnlib(), (timeout != null ? timeout : listed.timeout()) * timeoutScale);
            VerificationResult r = run(inst);
            String name = stem(inst.onnx()) + "__" + stem(inst.vnnlib());
            String file = (fileNames.add(name) ? name : name + "_" + (i + 1)) + ".txt";
            ResultFile.write(outDir.resolve("results").resolve(file), r);
            Entry e = new Entry(relative(dir, inst.onnx()), relative(dir, inst.vnnlib()), inst.timeout(),
                new Outcome(r.verdict(), r.seconds()), r.detail(), known.get(inst.key()).orElse(null),
                reference == null ? null : reference.get(inst.key()).orElse(null));
            entries.add(e);
            AtomicFiles.write(outDir.resolve("results.csv"), resultsCsv(entries, reference != null));
            if (!quiet || e.wrong()) {
                err.println(progressLine(entries.size(), chosen.size(), inst, e));
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;

        List<BenchSummary.Row> rows = summaryRows(entries, reference);
        AtomicFiles.write(outDir.resolve("summary.md"), summaryMarkdown(list.size(), entries, rows, known, reference, wall));
        AtomicFiles.write(outDir.resolve("summary.csv"), BenchSummary.csv(rows));
        AtomicFiles.write(outDir.resolve("cactus.svg"), cactus(dir, entries, reference));
        stdout.print(BenchSummary.markdown(rows));
        stdout.println("results in " + outDir);
        List<Entry> wrong = entries.stream().filter(Entry::wrong).toList();
        if (wrong.isEmpty()) {
            return 0;
        }
        err.printf("verify bench: %d WRONG ANSWER(S):%n", wrong.size());
        wrong.forEach(e -> err.printf("  %s %s: answered %s, the known answer is %s%n", e.onnx(), e.vnnlib(),
            e.outcome().verdict().word(), e.known().word()));
        return Main.EXIT_WRONG_ANSWER;
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

    /** Decides one instance; whatever goes wrong with it is its 'error' result, so the run goes on. */
    private VerificationResult run(Instance inst) {
        long start = System.nanoTime();
        try {
            return inst.verify(seed, line -> { }, BranchingMode.AUTO);
        } catch (RuntimeException | OutOfMemoryError e) {
            String why = (InputErrors.isInputError(e) ? "" : "internal error: ") + InputErrors.message(e);
            return VerificationResult.of(Verdict.ERROR, why, (System.nanoTime() - start) / 1e9);
        }
    }

    private static String progressLine(int k, int n, Instance inst, Entry e) {
        String line = String.format(Locale.ROOT, "[%d/%d] %s %s: %s %.1fs", k, n, stem(inst.onnx()), stem(inst.vnnlib()),
            e.outcome().verdict().word(), e.outcome().seconds());
        if (e.wrong()) {
            return line + "  <<< WRONG: the known answer is " + e.known().word();
        }
        return e.outcome().verdict() == Verdict.ERROR ? line + " (" + e.detail() + ")" : line;
    }

    private static String resultsCsv(List<Entry> entries, boolean withReference) {
        List<String> header = new ArrayList<>(List.of("onnx", "vnnlib", "timeout", "result", "seconds", "expected", "check", "detail"));
        if (withReference) {
            header.addAll(List.of("ref_result", "ref_seconds"));
        }
        StringBuilder sb = new StringBuilder(Csv.line(header));
        for (Entry e : entries) {
            List<String> row = new ArrayList<>(List.of(e.onnx(), e.vnnlib(), BenchSummary.seconds(e.timeout()),
                e.outcome().verdict().word(), BenchSummary.seconds(e.outcome().seconds()), e.known() == null ? "" : e.known().word(),
                e.check(), e.detail() == null ? "" : e.detail()));
            if (withReference) {
                row.add(e.reference() == null ? "" : e.reference().verdict().word());
                row.add(e.reference() == null ? "" : BenchSummary.seconds(e.reference().seconds()));
            }
            sb.append(Csv.line(row));
        }
        return sb.toString();
    }

    private static List<BenchSummary.Row> summaryRows(List<Entry> entries, ReferenceRuns reference) {
        List<BenchSummary.Row> rows = new ArrayList<>();
        rows.add(BenchSummary.row(TOOL, entries.stream().map(Entry::outcome).toList(),
            entries.stream().map(Entry::known).toList()));
        if (reference != null) {
            List<Entry> compared = entries.stream().filter(e -> e.reference() != null).toList();
            rows.add(BenchSummary.row(reference.name(), compared.stream().map(Entry::reference).toList(),
                compared.stream().map(Entry::known).toList()));
        }
        return rows;
    }

    private String summaryMarkdown(int listed, List<Entry> entries, List<BenchSummary.Row> rows, KnownAnswers known,
                                   ReferenceRuns reference, double wall) {
        StringBuilder sb = new StringBuilder("# verify bench: " + instances + "\n\n");
        sb.append(String.format(Locale.ROOT, "- instances: %d of %d in the list%s%n", entries.size(), listed,
            (every > 1 ? ", every " + every + "-th" : "") + (limit != null ? ", at most " + limit : "")));
        sb.append(String.format(Locale.ROOT, "- timeout: %s x %s; seed %d%n",
            timeout != null ? timeout + " s for every instance" : "the list's per-instance timeouts", timeoutScale, seed));
        sb.append("- known answers: ").append(known.file().map(f -> f + " (" + known.size() + " sat/unsat answers)").orElse("none"))
            .append('\n');
        if (reference != null) {
            long matched = entries.stream().filter(e -> e.reference() != null).count();
            sb.append(String.format(Locale.ROOT, "- reference: %s (results for %d of the %d instances run)%n", compare, matched,
                entries.size()));
        }
        sb.append(String.format(Locale.ROOT, "- wall time of the run: %.1f s%n%n", wall));
        sb.append(BenchSummary.markdown(rows)).append('\n');
        sb.append("'wrong' counts sat/unsat answers that contradict a known answer; times are wall-clock seconds of the ")
            .append("solved (sat or unsat) instances, loading included.\n\n");
        List<Entry> wrong = entries.stream().filter(Entry::wrong).toList();
        sb.append(wrong.isEmpty() ? "Wrong answers: none.\n" : "Wrong answers:\n\n");
        wrong.forEach(e -> sb.append(String.format("- %s %s: %s, known %s%n", e.onnx(), e.vnnlib(), e.outcome().verdict().word(),
            e.known().word())));
        if (reference != null) {
            List<Entry> disagree = entries.stream()
                .filter(e -> e.reference() != null && VerdictWords.contradicts(e.outcome().verdict(), e.reference().verdict())).toList();
            sb.append(disagree.isEmpty() ? "\nContradictions with " + reference.name() + ": none.\n"
                : "\nContradictions with " + reference.name() + ":\n\n");
            disagree.forEach(e -> sb.append(String.format("- %s %s: %s, %s says %s%n", e.onnx(), e.vnnlib(),
                e.outcome().verdict().word(), reference.name(), e.reference().verdict().word())));
        }
        return sb.toString();
    }

    private static String cactus(Path dir, List<Entry> entries, ReferenceRuns reference) {
        List<CactusPlot.Series> series = new ArrayList<>();
        series.add(new CactusPlot.Series(TOOL, solvedTimes(entries.stream().map(Entry::outcome).toList())));
        if (reference != null) {
            series.add(new CactusPlot.Series(reference.name(),
                solvedTimes(entries.stream().map(Entry::reference).filter(o -> o != null).toList())));
        }
        double maxTimeout = entries.stream().mapToDouble(Entry::timeout).max().orElse(1);
        return CactusPlot.svg(dir.getFileName() + ": instances solved vs time", series, entries.size(), maxTimeout);
    }

    private static double[] solvedTimes(List<Outcome> outcomes) {
        return outcomes.stream().filter(Outcome::solved).mapToDouble(Outcome::seconds).toArray();
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
