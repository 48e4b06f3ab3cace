package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.Verdict;

import java.io.IOException;
import io.netverify.verifier.shard.ShardManifest;
import io.netverify.verifier.shard.ShardSet;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The outputs of {@code verify bench} besides the result files: results.csv, summary.md/.csv and
 * cactus.svg, written by a run and, from the shards' results.csv, by {@code verify merge}.
 */
final class BenchReport {
    static final String TOOL = "netverify";

    private BenchReport() {
    }

    /** One instance's row of the run. {@code known} and {@code reference} are null when there is none. */
    record Entry(String onnx, String vnnlib, double timeout, Outcome outcome, String detail, Verdict known, Outcome reference) {
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

    /**
     * What summary.md says about the run besides the results.
     *
     * @param instances     the instance list as given
     * @param listName      the list's folder name (the cactus plot's title)
     * @param listed        how many instances the list has
     * @param selection     which of them ran ("", ", every 2-th", ...)
     * @param settings      the timeout and seed line
     * @param known         the known-answers line
     * @param compare       the reference results file, or null
     * @param referenceName the reference tool's name, or null
     */
    record Header(String instances, String listName, int listed, String selection, String settings, String known,
                  String compare, String referenceName) {
        Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("instances", instances);
            m.put("list_name", listName);
            m.put("listed", Integer.toString(listed));
            m.put("selection", selection);
            m.put("settings", settings);
            m.put("known", known);
            m.put("compare", compare == null ? "" : compare);
            m.put("reference_name", referenceName == null ? "" : referenceName);
            return m;
        }

        static Header of(Map<String, String> m) {
            return new Header(m.get("instances"), m.get("list_name"), Integer.parseInt(m.get("listed")), m.get("selection"),
                m.get("settings"), m.get("known"), m.get("compare").isEmpty() ? null : m.get("compare"),
                m.get("reference_name").isEmpty() ? null : m.get("reference_name"));
        }

        Header withSelection(String more) {
            return new Header(instances, listName, listed, selection + more, settings, known, compare, referenceName);
        }
    }

    static String resultsCsv(List<Entry> entries, boolean withReference) {
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

    /** Reads a results.csv back (as written by {@link #resultsCsv}). */
    static List<Entry> readResultsCsv(Path file) throws IOException {
        Csv.Table t = Csv.readTable(file);
        t.require("onnx", "vnnlib", "timeout", "result", "seconds", "expected", "detail");
        List<Entry> entries = new ArrayList<>();
        for (Csv.Row r : t.rows()) {
            String expected = r.get("expected");
            String ref = t.has("ref_result") ? r.get("ref_result") : "";
            entries.add(new Entry(r.get("onnx"), r.get("vnnlib"), number(r, "timeout"),
                new Outcome(VerdictWords.parse(r.get("result"), r.where()), number(r, "seconds")),
                r.get("detail").isEmpty() ? null : r.get("detail"),
                expected.isEmpty() ? null : VerdictWords.parse(expected, r.where()),
                ref.isEmpty() ? null : new Outcome(VerdictWords.parse(ref, r.where()), number(r, "ref_seconds"))));
        }
        return entries;
    }

    private static double number(Csv.Row r, String column) {
        try {
            return Double.parseDouble(r.get(column));
        } catch (NumberFormatException e) {
            throw new UsageException(r.where() + ": " + column + " '" + r.get(column) + "' is not a number");
        }
    }

    /**
     * Writes results.csv, summary.md, summary.csv and cactus.svg, prints the summary and any wrong
     * answers; returns the exit code.
     */
    static int finish(Path outDir, Header h, List<Entry> entries, double wall, PrintWriter stdout, PrintWriter err)
        throws IOException {
        AtomicFiles.write(outDir.resolve("results.csv"), resultsCsv(entries, h.referenceName() != null));
        List<BenchSummary.Row> rows = summaryRows(entries, h.referenceName());
        AtomicFiles.write(outDir.resolve("summary.md"), summaryMarkdown(h, entries, rows, wall));
        AtomicFiles.write(outDir.resolve("summary.csv"), BenchSummary.csv(rows));
        AtomicFiles.write(outDir.resolve("cactus.svg"), cactus(h, entries));
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

    /** Merges bench shard folders into {@code outDir}: result files, then the outputs of a single run. */
    static int merge(ShardSet shards, Path outDir, PrintWriter stdout, PrintWriter err) throws IOException {
        Entry[] byPosition = new Entry[shards.first().total()];
        double wall = 0;
        Files.createDirectories(outDir.resolve("results"));
        for (int s = 0; s < shards.dirs().size(); s++) {
            Path dir = shards.dirs().get(s);
            ShardManifest m = shards.manifests().get(s);
            List<Entry> entries = readResultsCsv(dir.resolve("results.csv"));
            if (entries.size() != m.positions().size()) {
                throw new UsageException(dir.resolve("results.csv") + ": " + entries.size() + " results, the shard covered "
                    + m.positions().size() + " instances (an unfinished shard?)");
            }
            for (int k = 0; k < entries.size(); k++) {
                byPosition[m.positions().get(k)] = entries.get(k);
            }
            try (Stream<Path> files = Files.list(dir.resolve("results"))) {
                for (Path f : files.toList()) {
                    AtomicFiles.write(outDir.resolve("results").resolve(f.getFileName().toString()), Files.readAllBytes(f));
                }
            }
            wall = Math.max(wall, Double.parseDouble(m.get("seconds")));
        }
        return finish(outDir, Header.of(shards.first().context()), List.of(byPosition), wall, stdout, err);
    }

    private static List<BenchSummary.Row> summaryRows(List<Entry> entries, String referenceName) {
        List<BenchSummary.Row> rows = new ArrayList<>();
        rows.add(BenchSummary.row(TOOL, entries.stream().map(Entry::outcome).toList(),
            entries.stream().map(Entry::known).toList()));
        if (referenceName != null) {
            List<Entry> compared = entries.stream().filter(e -> e.reference() != null).toList();
            rows.add(BenchSummary.row(referenceName, compared.stream().map(Entry::reference).toList(),
                compared.stream().map(Entry::known).toList()));
        }
        return rows;
    }

    private static String summaryMarkdown(Header h, List<Entry> entries, List<BenchSummary.Row> rows, double wall) {
        StringBuilder sb = new StringBuilder("# verify bench: " + h.instances() + "\n\n");
        sb.append(String.format(Locale.ROOT, "- instances: %d of %d in the list%s%n", entries.size(), h.listed(), h.selection()));
        sb.append("- ").append(h.settings()).append('\n');
        sb.append("- known answers: ").append(h.known()).append('\n');
        if (h.referenceName() != null) {
            long matched = entries.stream().filter(e -> e.reference() != null).count();
            sb.append(String.format(Locale.ROOT, "- reference: %s (results for %d of the %d instances run)%n", h.compare(), matched,
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
        if (h.referenceName() != null) {
            String name = h.referenceName();
            List<Entry> disagree = entries.stream()
                .filter(e -> e.reference() != null && VerdictWords.contradicts(e.outcome().verdict(), e.reference().verdict())).toList();
            sb.append(disagree.isEmpty() ? "\nContradictions with " + name + ": none.\n" : "\nContradictions with " + name + ":\n\n");
            disagree.forEach(e -> sb.append(String.format("- %s %s: %s, %s says %s%n", e.onnx(), e.vnnlib(),
                e.outcome().verdict().word(), name, e.reference().verdict().word())));
        }
        return sb.toString();
    }

    private static String cactus(Header h, List<Entry> entries) {
        List<CactusPlot.Series> series = new ArrayList<>();
        series.add(new CactusPlot.Series(TOOL, solvedTimes(entries.stream().map(Entry::outcome).toList())));
        if (h.referenceName() != null) {
            series.add(new CactusPlot.Series(h.referenceName(),
                solvedTimes(entries.stream().map(Entry::reference).filter(o -> o != null).toList())));
        }
        double maxTimeout = entries.stream().mapToDouble(Entry::timeout).max().orElse(1);
        return CactusPlot.svg(h.listName() + ": instances solved vs time", series, entries.size(), maxTimeout);
    }

    private static double[] solvedTimes(List<Outcome> outcomes) {
        return outcomes.stream().filter(Outcome::solved).mapToDouble(Outcome::seconds).toArray();
    }
}
