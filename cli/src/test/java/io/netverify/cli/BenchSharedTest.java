package io.netverify.cli;

import io.netverify.onnx.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code verify bench} on the shared VNN-COMP 'test' benchmark (5 tiny instances), compared with alpha-beta-CROWN. */
class BenchSharedTest {
    @TempDir
    Path out;

    @Test
    void runsTheTestBenchmarkAndAgreesWithTheKnownAnswers() throws Exception {
        Path csv = SharedData.file("benchmarks/test/instances.csv");
        Path answers = SharedData.file("benchmarks/test/answers.csv");
        Path reference = SharedData.file("reference/verification/abcrown_test.csv");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new String[] {"bench", "--instances", csv.toString(), "--timeout", "20", "--out", out.toString(),
            "--compare", reference.toString()}, new PrintWriter(o), new PrintWriter(e));
        assertEquals(0, code, e.toString());

        List<Map<String, String>> rows = BenchCommandTest.table(out.resolve("results.csv"));
        assertEquals(5, rows.size());
        assertEquals(5, e.toString().lines().filter(l -> l.matches("\\[[1-5]/5] .*: \\w+ [0-9.]+s.*")).count(), e.toString());
        Map<String, String> known = new HashMap<>();
        for (Map<String, String> a : BenchCommandTest.table(answers)) {
            if (a.get("usable_for_scoring").equals("yes")) {
                known.put(a.get("onnx") + "," + a.get("vnnlib"), a.get("answer"));
            }
        }
        int solved = 0;
        for (Map<String, String> r : rows) {
            String expected = known.get(r.get("onnx") + "," + r.get("vnnlib"));
            assertEquals(expected == null ? "" : expected, r.get("expected"), r.toString());
            String result = r.get("result");
            if (result.equals("sat") || result.equals("unsat")) {
                solved++;
                assertEquals(expected, result, "answer contradicts answers.csv: " + r);
                assertEquals("correct", r.get("check"));
            }
            assertEquals(result, Files.readAllLines(out.resolve("results").resolve(stem(r.get("onnx")) + "__" + stem(r.get("vnnlib"))
                + ".txt")).get(0));
        }

        Map<String, String> ours = BenchCommandTest.table(out.resolve("summary.csv")).get(0);
        int total = 0;
        for (String c : List.of("sat", "unsat", "unknown", "timeout", "error")) {
            total += Integer.parseInt(ours.get(c));
            assertEquals(rows.stream().filter(r -> r.get("result").equals(c)).count(), Long.parseLong(ours.get(c)), c);
        }
        assertEquals(5, total);
        assertEquals(solved, Integer.parseInt(ours.get("solved")));
        assertEquals("0", ours.get("wrong"));
        double sum = rows.stream().filter(r -> r.get("check").equals("correct")).mapToDouble(r -> Double.parseDouble(r.get("seconds"))).sum();
        assertEquals(sum, Double.parseDouble(ours.get("solved_total_s")), 0.01);

        // the reference row counts abcrown_test.csv itself: 4 holds, 1 violated
        Map<String, String> ref = BenchCommandTest.table(out.resolve("summary.csv")).get(1);
        assertEquals("abcrown_test", ref.get("tool"));
        assertEquals(List.of("5", "1", "4", "0"), List.of(ref.get("instances"), ref.get("sat"), ref.get("unsat"), ref.get("wrong")));

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("cactus.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getTagName());
        assertEquals(2, svg.getElementsByTagName("polyline").getLength());
        String points = ((org.w3c.dom.Element) svg.getElementsByTagName("polyline").item(0)).getAttribute("points");
        assertEquals(1 + 2 * solved, points.trim().split(" ").length, "one step per solved instance: " + points);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| netverify | 5 | " + solved + " |"));
    }

    private static String stem(String file) throws IOException {
        return BenchCommand.stem(Path.of(file));
    }
}
