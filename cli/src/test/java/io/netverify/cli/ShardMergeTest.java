package io.netverify.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --shard i/N} and {@code verify merge}: a run in 3 shards, merged, gives the outputs of a
 * single run (same verdicts, times aside) for bench, certify and gate; folders that do not make up
 * one run are refused with one line and exit 2.
 */
class ShardMergeTest extends CliTestSupport {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String NET = ExampleGenerator.NETWORK;

    @TempDir
    Path dir;

    @BeforeEach
    void examples() throws IOException {
        GateExample.write(dir);
        Path specs = Files.createDirectories(dir.resolve("bench/specs"));
        Files.copy(EXAMPLES.resolve(NET), dir.resolve("bench").resolve(NET));
        // several properties with different timeouts, so the shards are balanced by cost, not by count
        for (int k = 0; k < 3; k++) {
            Files.copy(EXAMPLES.resolve(ExampleGenerator.ROBUST_SPEC), specs.resolve("robust" + k + ".vnnlib"));
            Files.copy(EXAMPLES.resolve(ExampleGenerator.FALSIFIABLE_SPEC), specs.resolve("falsifiable" + k + ".vnnlib"));
        }
        Files.writeString(dir.resolve("bench/instances.csv"), String.join("\n", NET + ",specs/robust0.vnnlib,30",
            NET + ",specs/falsifiable0.vnnlib,10", NET + ",specs/robust1.vnnlib,5", "missing.onnx,specs/robust2.vnnlib,20",
            NET + ",specs/falsifiable1.vnnlib,25", NET + ",specs/falsifiable2.vnnlib,5", NET + ",specs/robust0.vnnlib,15") + "\n");
        Files.writeString(dir.resolve("bench/answers.csv"), "onnx,vnnlib,answer,confidence,usable_for_scoring\n"
            + NET + ",specs/robust0.vnnlib,unsat,high,yes\n" + NET + ",specs/falsifiable1.vnnlib,sat,high,yes\n");
    }

    private List<Path> benchShards(String list, String... extra) {
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path d = dir.resolve("bench-shard" + i + String.join("", extra).replace("-", ""));
            List<String> args = new ArrayList<>(List.of("bench", "--instances", dir.resolve("bench").resolve(list).toString(),
                "--out", d.toString(), "--shard", i + "/3", "-q"));
            args.addAll(List.of(extra));
            assertEquals(0, run(args.toArray(String[]::new)), err);
            dirs.add(d);
        }
        return dirs;
    }

    @Test
    void benchInThreeShardsMergesIntoTheSingleRun() throws IOException {
        Path single = dir.resolve("bench-single");
        assertEquals(0, run("bench", "--instances", dir.resolve("bench/instances.csv").toString(), "--out", single.toString(), "-q"),
            err);
        List<Path> shards = benchShards("instances.csv");
        List<Integer> sizes = new ArrayList<>();
        for (Path d : shards) {
            sizes.add(BenchCommandTest.table(d.resolve("results.csv")).size());
        }
        assertEquals(7, sizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(sizes.stream().allMatch(s -> s >= 1), "every shard gets work: " + sizes);
        Path merged = dir.resolve("bench-merged");
        assertEquals(0, run(Stream.concat(Stream.of("merge", "--out", merged.toString()),
            Stream.of(shards.get(2), shards.get(0), shards.get(1)).map(Path::toString)).toArray(String[]::new)), err);

        List<String> columns = List.of("onnx", "vnnlib", "timeout", "result", "expected", "check");
        assertEquals(project(single.resolve("results.csv"), columns), project(merged.resolve("results.csv"), columns));
        assertEquals(List.of("unsat", "sat", "unsat", "error", "sat", "sat", "unsat"),
            BenchCommandTest.table(merged.resolve("results.csv")).stream().map(r -> r.get("result")).toList());
        List<String> counts = List.of("tool", "instances", "solved", "sat", "unsat", "unknown", "timeout", "error", "wrong");
        assertEquals(project(single.resolve("summary.csv"), counts), project(merged.resolve("summary.csv"), counts));
        assertEquals(fileVerdicts(single.resolve("results")), fileVerdicts(merged.resolve("results")));
        assertTrue(Files.readString(merged.resolve("summary.md")).contains("- instances: 7 of 7 in the list\n"));
        assertTrue(Files.readString(merged.resolve("cactus.svg")).contains("netverify (6 solved)"));
    }

    @Test
    void certifyInThreeShardsMergesIntoTheSingleRun() throws IOException {
        String[] common = {"certify", "--onnx", dir.resolve(GateExample.MODEL).toString(), "--data",
            dir.resolve(GateExample.POINTS).toString(), "--eps", "0.01,0.1", "--range", "0,1", "--method", "crown",
            "--attack-steps", "0", "-q"};
        Path single = dir.resolve("certify-single");
        assertEquals(0, run(concat(common, "--out", single.toString())), err);
        String table = out;
        List<String> dirs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            dirs.add(dir.resolve("certify-shard" + i).toString());
            assertEquals(0, run(concat(common, "--out", dirs.get(i - 1), "--shard", i + "/3")), err);
        }
        Path merged = dir.resolve("certify-merged");
        assertEquals(0, run(concat(new String[] {"merge", "--out", merged.toString()}, dirs.toArray(String[]::new))), err);
        assertTrue(out.startsWith(table.strip()), out + "\nvs\n" + table);
        List<String> columns = List.of("index", "eps", "label", "prediction", "verdict", "decided_by");
        List<List<String>> rows = project(single.resolve("points.csv"), columns);
        assertEquals(120, rows.size());
        assertTrue(rows.equals(project(merged.resolve("points.csv"), columns)), "verdicts differ");
        // batches of other sizes may round the margins' last bits differently
        List<List<String>> a = project(single.resolve("points.csv"), List.of("margin_lower"));
        List<List<String>> b = project(merged.resolve("points.csv"), List.of("margin_lower"));
        for (int k = 0; k < a.size(); k++) {
            String x = a.get(k).get(0);
            String y = b.get(k).get(0);
            assertTrue(x.equals(y) || Math.abs(Double.parseDouble(x) - Double.parseDouble(y)) <= 1e-9 * (1 + Math.abs(Double.parseDouble(x))),
                "margin of row " + k + ": " + x + " vs " + y);
        }
        assertTrue(rows.stream().anyMatch(r -> r.get(4).equals("falsified")) && rows.stream().anyMatch(r -> r.get(4).equals("certified")));
        assertEquals(names(single.resolve("counterexamples")), names(merged.resolve("counterexamples")));
        assertFalse(names(merged.resolve("counterexamples")).isEmpty());
    }

    @Test
    void gateInThreeShardsMergesIntoTheSingleRun() throws IOException {
        Path config = Files.writeString(dir.resolve("gate.yaml"), """
            model: model.onnx
            data:
              points: points.csv
              range: [0, 1]
            specs:
              - name: crown-0.01
                eps: 0.01
                method: crown
                attack_steps: 0
                thresholds:
                  certified_accuracy: {min: 0.95}
              - name: ibp-0.05
                eps: 0.05
                method: ibp
                attack_steps: 0
                thresholds:
                  clean_accuracy: {min: 0.9}
            cache: off
            reports:
              junit: reports/junit.xml
              json: reports/gate.json
              markdown: reports/summary.md
            """);
        assertEquals(1, run("gate", "--config", config.toString(), "-q"), out + err);
        String single = out;
        List<String> singlePoints = pointVerdicts(Files.readString(dir.resolve("reports/gate.json")));
        Files.delete(dir.resolve("reports/gate.json"));
        List<String> dirs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            dirs.add(dir.resolve("gate-shard" + i).toString());
            assertEquals(0, run("gate", "--config", config.toString(), "-q", "--shard", i + "/3", "--out", dirs.get(i - 1)), err);
        }
        assertFalse(Files.exists(dir.resolve("reports/gate.json")), "a shard checks nothing and writes no report");
        assertEquals(1, run(concat(new String[] {"merge"}, dirs.toArray(String[]::new))), err);
        assertEquals(single, out);
        assertTrue(out.contains("FAIL certified_accuracy >= 0.95"), out);
        assertEquals(120, singlePoints.size());
        assertTrue(singlePoints.equals(pointVerdicts(Files.readString(dir.resolve("reports/gate.json")))), "verdicts differ");
        assertTrue(Files.readString(dir.resolve("reports/junit.xml")).contains("tests=\"2\" failures=\"1\""));
    }

    @Test
    void overlappingMissingAndMixedShardsAreRefusedWithOneLine() throws IOException {
        // instances that fail at once (no network): the folders are what matters here
        Files.writeString(dir.resolve("bench/missing.csv"), "a.onnx,specs/robust0.vnnlib,5\nb.onnx,specs/robust0.vnnlib,9\n"
            + "c.onnx,specs/robust0.vnnlib,2\nd.onnx,specs/robust1.vnnlib,4\n");
        List<Path> shards = benchShards("missing.csv");
        Path merged = dir.resolve("never");
        assertRefused(List.of(shards.get(0), shards.get(1)), "missing shard(s) 3/3");
        assertRefused(List.of(shards.get(0), shards.get(1), shards.get(2), shards.get(1)), "both hold shard 2/3: overlapping shards");
        List<Path> other = benchShards("missing.csv", "--timeout", "7");
        assertRefused(List.of(shards.get(0), other.get(1), shards.get(2)), "come from different configurations");
        Path certify = dir.resolve("certify-shard");
        assertEquals(0, run("certify", "--onnx", dir.resolve(GateExample.MODEL).toString(), "--data",
            dir.resolve(GateExample.POINTS).toString(), "--eps", "0.01", "--out", certify.toString(), "--shard", "2/3", "-q",
            "--method", "ibp", "--attack-steps", "0"), err);
        assertRefused(List.of(shards.get(0), certify, shards.get(2)), "mixed runs cannot be merged");
        assertRefused(List.of(shards.get(0), dir.resolve("bench"), shards.get(2)), "not a shard folder");
        assertFalse(Files.exists(merged));
        assertEquals(2, run("bench", "--instances", dir.resolve("bench/instances.csv").toString(), "--shard", "4/3"));
        assertTrue(err.startsWith("verify: --shard must be i/N with 1 <= i <= N, got 4/3"), err);
        assertEquals(2, run("certify", "--onnx", dir.resolve(GateExample.MODEL).toString(), "--data",
            dir.resolve(GateExample.POINTS).toString(), "--eps", "0.01", "--shard", "1/2"));
        assertTrue(err.startsWith("verify: --shard needs --out DIR"), err);
    }

    private void assertRefused(List<Path> dirs, String fragment) {
        assertEquals(2, run(Stream.concat(Stream.of("merge", "--out", dir.resolve("never").toString()),
            dirs.stream().map(Path::toString)).toArray(String[]::new)), out + err);
        assertTrue(err.contains(fragment), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("Exception"), err);
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    private static List<List<String>> project(Path csv, List<String> columns) throws IOException {
        return BenchCommandTest.table(csv).stream().map(r -> columns.stream().map(r::get).toList()).toList();
    }

    /** Each result file's first line (the verdict), by file name. */
    private static Map<String, String> fileVerdicts(Path results) throws IOException {
        try (Stream<Path> files = Files.list(results)) {
            return files.collect(java.util.stream.Collectors.toMap(f -> f.getFileName().toString(), f -> {
                try {
                    return Files.readAllLines(f).get(0);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** index, eps and verdict of every point in a gate JSON report, in order (margins aside: batches round differently). */
    private static List<String> pointVerdicts(String json) {
        Matcher m = Pattern.compile("\\{\"index\": (\\d+), \"eps\": ([^,]+), .*?\"verdict\": \"(\\w+)\"")
            .matcher(json);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
        }
        return out;
    }
}
