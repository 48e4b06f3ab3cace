package io.netverify.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verify bench} on the bundled example network: result files, results.csv, summaries,
 * wrong-answer detection against both answer formats, per-instance errors and instance selection.
 */
class BenchCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String NET = ExampleGenerator.NETWORK;
    private static final String ROBUST = ExampleGenerator.ROBUST_SPEC;
    private static final String FALSIFIABLE = ExampleGenerator.FALSIFIABLE_SPEC;

    @TempDir
    Path dir;
    Path bench;
    Path out;
    String stdout;
    String stderr;

    @BeforeEach
    void copyExamples() throws IOException {
        bench = Files.createDirectories(dir.resolve("bench"));
        Files.createDirectories(bench.resolve("specs"));
        Files.copy(EXAMPLES.resolve(NET), bench.resolve(NET));
        Files.copy(EXAMPLES.resolve(ROBUST), bench.resolve("specs").resolve(ROBUST));
        Files.copy(EXAMPLES.resolve(FALSIFIABLE), bench.resolve("specs").resolve(FALSIFIABLE));
        out = dir.resolve("out");
    }

    private int bench(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(all, new PrintWriter(o), new PrintWriter(e));
        stdout = o.toString();
        stderr = e.toString();
        return code;
    }

    private Path instances(String... rows) throws IOException {
        return Files.writeString(bench.resolve("instances.csv"), String.join("\n", rows) + "\n");
    }

    /** results.csv rows as column -> value maps, in order. */
    private List<Map<String, String>> results() throws IOException {
        return table(out.resolve("results.csv"));
    }

    static List<Map<String, String>> table(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = Csv.parseLine(lines.get(0), "header");
        return lines.subList(1, lines.size()).stream().map(l -> {
            List<String> f = Csv.parseLine(l, "row");
            assertEquals(header.size(), f.size(), l);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < f.size(); i++) {
                m.put(header.get(i), f.get(i));
            }
            return m;
        }).toList();
    }

    private static final String ROBUST_ROW = NET + ",specs/" + ROBUST + ",20";
    private static final String FALSIFIABLE_ROW = NET + ",specs/" + FALSIFIABLE + ",20";

    @Test
    void wrongAnswersAreReportedLoudlyAndFailTheRun() throws IOException {
        Path csv = instances(ROBUST_ROW, FALSIFIABLE_ROW);
        // both answers deliberately flipped; the third row is not usable for scoring and must not count
        Path answers = Files.writeString(dir.resolve("wrong.csv"), "onnx,vnnlib,answer,confidence,usable_for_scoring\n"
            + NET + ",specs/" + ROBUST + ",sat,high,yes\n"
            + "./" + NET + ",specs/../specs/" + FALSIFIABLE + ",unsat,high,yes\n");
        assertEquals(Main.EXIT_WRONG_ANSWER, bench("--instances", csv.toString(), "--answers", answers.toString(),
            "--out", out.toString()));
        List<Map<String, String>> rows = results();
        assertEquals(2, rows.size());
        assertEquals("unsat", rows.get(0).get("result"));
        assertEquals("sat", rows.get(0).get("expected"));
        assertEquals("wrong", rows.get(0).get("check"));
        assertEquals("sat", rows.get(1).get("result"));
        assertEquals("unsat", rows.get(1).get("expected"));
        assertEquals("wrong", rows.get(1).get("check"));
        assertTrue(stderr.contains("2 WRONG ANSWER(S)"), stderr);
        assertTrue(stderr.contains("[1/2] tiny_relu_mlp tiny_relu_mlp_robust: unsat")
            && stderr.contains("<<< WRONG: the known answer is sat"), stderr);
        Map<String, String> summary = table(out.resolve("summary.csv")).get(0);
        assertEquals("2", summary.get("wrong"));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("Wrong answers:\n\n- " + NET + " specs/" + ROBUST
            + ": unsat, known sat"), Files.readString(out.resolve("summary.md")));
    }

    @Test
    void rightAnswersBesideTheListAreFoundAndChecked() throws IOException {
        Path csv = instances(ROBUST_ROW, FALSIFIABLE_ROW);
        Files.writeString(bench.resolve("answers.csv"), "onnx,vnnlib,answer,confidence,usable_for_scoring\n"
            + NET + ",specs/" + ROBUST + ",unsat,high,yes\n"
            + NET + ",specs/" + FALSIFIABLE + ",sat,high,yes\n"
            + NET + ",specs/" + FALSIFIABLE + ",unsat,low,no\n");
        assertEquals(0, bench("--instances", csv.toString(), "--out", out.toString()), stderr);
        List<Map<String, String>> rows = results();
        assertEquals(List.of("correct", "correct"), rows.stream().map(r -> r.get("check")).toList());
        List<String> robust = Files.readAllLines(out.resolve("results/tiny_relu_mlp__tiny_relu_mlp_robust.txt"));
        assertEquals(List.of("unsat"), robust);
        List<String> sat = Files.readAllLines(out.resolve("results/tiny_relu_mlp__tiny_relu_mlp_falsifiable.txt"));
        assertEquals("sat", sat.get(0));
        assertTrue(sat.get(1).startsWith("((X_0 ") && sat.get(sat.size() - 1).startsWith("(Y_2 "), sat.toString());
        assertTrue(stdout.contains("| netverify | 2 | 2 | 1 | 1 | 0 | 0 | 0 | 0 |"), stdout);
    }

    @Test
    void digitsStyleKnownAnswersUseThePgdColumn() throws IOException {
        Path csv = instances(ROBUST_ROW, FALSIFIABLE_ROW);
        // known_answers.csv of the digits benchmark: sat where PGD found a witness, unknown elsewhere
        Files.writeString(bench.resolve("known_answers.csv"), "onnx,vnnlib,model,image,label,eps,pgd,pgd_best_margin,witness\n"
            + NET + ",specs/" + ROBUST + ",tiny,0,2,0.01,unknown,-1.5,\n"
            + NET + ",specs/" + FALSIFIABLE + ",tiny,0,2,0.5,sat,0.25,cex.txt\n");
        assertEquals(0, bench("--instances", csv.toString(), "--out", out.toString(), "--quiet"), stderr);
        assertEquals("", stderr);
        List<Map<String, String>> rows = results();
        assertEquals("", rows.get(0).get("expected"));
        assertEquals("", rows.get(0).get("check"));
        assertEquals("sat", rows.get(1).get("expected"));
        assertEquals("correct", rows.get(1).get("check"));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("known_answers.csv (1 sat/unsat answers)"));
    }

    @Test
    void anInstanceThatCannotBeLoadedIsAnErrorAndTheRunGoesOn() throws IOException {
        Path csv = instances("missing.onnx,specs/" + ROBUST + ",20", FALSIFIABLE_ROW);
        assertEquals(0, bench("--instances", csv.toString(), "--out", out.toString()));
        List<Map<String, String>> rows = results();
        assertEquals(2, rows.size());
        assertEquals("error", rows.get(0).get("result"));
        assertTrue(rows.get(0).get("detail").endsWith("missing.onnx: no such file"), rows.get(0).toString());
        assertEquals("sat", rows.get(1).get("result"));
        assertEquals(List.of("error"), Files.readAllLines(out.resolve("results/missing__tiny_relu_mlp_robust.txt")));
        assertTrue(stderr.contains("[1/2] missing tiny_relu_mlp_robust: error") && stderr.contains("no such file"), stderr);
        Map<String, String> summary = table(out.resolve("summary.csv")).get(0);
        assertEquals("1", summary.get("error"));
        assertEquals("1", summary.get("sat"));
        assertEquals("1", summary.get("solved"));
    }

    @Test
    void everyLimitAndTimeoutsSelectAndScale() throws IOException {
        Path csv = instances(ROBUST_ROW, "", FALSIFIABLE_ROW, NET + ",specs/" + ROBUST + ",8");
        assertEquals(0, bench("--instances", csv.toString(), "--out", out.toString(), "--every", "2", "--timeout-scale", "0.5"));
        List<Map<String, String>> rows = results();
        assertEquals(2, rows.size(), "rows 1 and 3 of the list (blank lines do not count)");
        assertEquals("specs/" + ROBUST, rows.get(0).get("vnnlib"));
        assertEquals("10.000", rows.get(0).get("timeout"));
        assertEquals("4.000", rows.get(1).get("timeout"));
        // the same file name twice: the second result file gets the row number
        assertTrue(Files.exists(out.resolve("results/tiny_relu_mlp__tiny_relu_mlp_robust_3.txt")));

        assertEquals(0, bench("--instances", csv.toString(), "--out", out.toString(), "--limit", "1", "--timeout", "3"));
        rows = results();
        assertEquals(1, rows.size());
        assertEquals("3.000", rows.get(0).get("timeout"));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("1 of 3 in the list, at most 1"));
    }

    @Test
    void gzippedNetworksAndSpecsRun() throws IOException {
        gzip(bench.resolve(NET), bench.resolve("net.onnx.gz"));
        gzip(bench.resolve("specs").resolve(FALSIFIABLE), bench.resolve("f.vnnlib.gz"));
        Path csv = instances("net.onnx.gz,f.vnnlib.gz,20");
        assertEquals(0, bench("--instances", csv.toString(), "--out", out.toString()), stderr);
        assertEquals("sat", results().get(0).get("result"));
        assertTrue(Files.exists(out.resolve("results/net__f.txt")));
    }

    private static void gzip(Path from, Path to) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(Files.readAllBytes(from));
        }
        Files.write(to, bytes.toByteArray());
    }

    @Test
    void comparesWithAReferenceTool() throws IOException {
        Path csv = instances(ROBUST_ROW, FALSIFIABLE_ROW);
        Path ref = Files.writeString(dir.resolve("other_tool.csv"), "benchmark,onnx,vnnlib,result,wall_s\n"
            + "b," + NET + ",specs/" + ROBUST + ",holds,3.5\n"
            + "b," + NET + ",specs/" + FALSIFIABLE + ",holds,1.5\n");
        assertEquals(0, bench("--instances", csv.toString(), "--out", out.toString(), "--compare", ref.toString()));
        List<Map<String, String>> rows = results();
        assertEquals("unsat", rows.get(0).get("ref_result"));
        assertEquals("3.500", rows.get(0).get("ref_seconds"));
        Map<String, String> other = table(out.resolve("summary.csv")).get(1);
        assertEquals("other_tool", other.get("tool"));
        assertEquals("2", other.get("unsat"));
        assertEquals("5.000", other.get("solved_total_s"));
        assertEquals("2.500", other.get("solved_median_s"));
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("Contradictions with other_tool:\n\n- " + NET + " specs/" + FALSIFIABLE + ": sat, other_tool says unsat"),
            md);
        String svg = Files.readString(out.resolve("cactus.svg"));
        assertTrue(svg.contains("other_tool (2 solved)") && svg.contains("netverify (2 solved)"), svg);
    }

    @Test
    void badInputsAreOneLineErrors() throws IOException {
        Path csv = instances(ROBUST_ROW, NET + ",specs/" + ROBUST + ",soon");
        assertEquals(2, bench("--instances", csv.toString(), "--out", out.toString()));
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertTrue(stderr.contains("instances.csv:2: timeout 'soon' is not a number"), stderr);
        assertFalse(Files.exists(out.resolve("results.csv")), "nothing runs when the list is bad");

        instances(ROBUST_ROW);
        Path answers = Files.writeString(dir.resolve("a.csv"), "onnx,vnnlib,verdict\n");
        assertEquals(2, bench("--instances", csv.toString(), "--answers", answers.toString()));
        assertTrue(stderr.contains("a.csv: no 'answer' column"), stderr);
        Files.writeString(answers, "onnx,vnnlib,answer\n" + NET + ",x.vnnlib,maybe\n");
        assertEquals(2, bench("--instances", csv.toString(), "--answers", answers.toString()));
        assertTrue(stderr.contains("a.csv:2: 'maybe' is not a result"), stderr);

        assertEquals(2, bench("--instances", dir.resolve("none.csv").toString()));
        assertTrue(stderr.contains("none.csv: no such file"), stderr);
        assertEquals(2, bench("--instances", csv.toString(), "--timeout-scale", "0"));
        assertTrue(stderr.contains("--timeout-scale must be positive"), stderr);
        assertEquals(2, bench("--instances", csv.toString(), "--every", "0"));
    }

    @Test
    void helpDocumentsTheOptionsAndExitCodes() {
        assertEquals(0, bench("--help"));
        for (String s : List.of("--instances", "--timeout-scale", "--timeout", "--out", "--limit", "--every", "--answers",
            "--compare", "--seed", "--quiet", "3 at least one wrong answer", "cactus.svg", "results.csv")) {
            assertTrue(stdout.contains(s), s + " missing in: " + stdout);
        }
    }
}
