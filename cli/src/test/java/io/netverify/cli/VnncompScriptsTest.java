package io.netverify.cli;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VNN-COMP scripts in {@code vnncomp/}, run with bash as the competition runs them. They start
 * the CLI from this test's class path (NETVERIFY_CLASSPATH), so they test the current code, not a
 * jar left by an earlier build. Skipped where bash is not available.
 */
class VnncompScriptsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPTS = ROOT.resolve("vnncomp");
    private static final Path NET = ROOT.resolve("examples").resolve(ExampleGenerator.NETWORK);
    private static final Path FALSIFIABLE = ROOT.resolve("examples").resolve(ExampleGenerator.FALSIFIABLE_SPEC);
    private static final Path ROBUST = ROOT.resolve("examples").resolve(ExampleGenerator.ROBUST_SPEC);

    @TempDir
    Path dir;
    String output;

    @BeforeAll
    static void needsBash() {
        boolean bash;
        try {
            bash = new ProcessBuilder("bash", "-c", "true").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            bash = false;
        }
        Assumptions.assumeTrue(bash, "bash is not available: VNN-COMP script test skipped");
    }

    private int script(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPTS.resolve(name).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NETVERIFY_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " did not finish");
        return p.exitValue();
    }

    @Test
    void runInstanceWritesAResultFileWithACheckedCounterexample() throws Exception {
        Path result = dir.resolve("sat.txt");
        assertEquals(0, script("prepare_instance.sh", "v1", "test", NET.toString(), FALSIFIABLE.toString()), output);
        assertEquals(0, script("run_instance.sh", "v1", "test", NET.toString(), FALSIFIABLE.toString(), result.toString(), "30"),
            output);
        List<String> lines = Files.readAllLines(result);
        assertEquals("sat", lines.get(0));
        double[] x = values(lines, "X", 4);
        double[] y = values(lines, "Y", 3);
        Specification spec = VnnlibParser.parse(FALSIFIABLE);
        double[] exact = new Evaluator(OnnxModel.read(NET).toGraph()).evaluate(x);
        assertTrue(spec.isViolatedBy(x, exact), "the witness must violate the property: " + lines);
        for (int j = 0; j < y.length; j++) {
            assertEquals(exact[j], y[j], 1e-12, "reported output " + j);
        }
    }

    /** The values of (P_0 v) ... (P_{n-1} v) from a result file's lines. */
    private static double[] values(List<String> lines, String prefix, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            String key = "(" + prefix + "_" + i + " ";
            String line = lines.stream().filter(l -> l.contains(key)).findFirst().orElseThrow(() -> new AssertionError(key + lines));
            v[i] = Double.parseDouble(line.substring(line.indexOf(key) + key.length()).replace(")", "").strip());
        }
        return v;
    }

    @Test
    void runInstanceProvesTheRobustPropertyAndReplacesAStaleResult() throws Exception {
        Path result = Files.writeString(dir.resolve("unsat.txt"), "sat\n");
        assertEquals(0, script("run_instance.sh", "v1", "test", NET.toString(), ROBUST.toString(), result.toString(), "30"), output);
        assertEquals(List.of("unsat"), Files.readAllLines(result));
    }

    @Test
    void aBadInstanceGetsAnErrorResult() throws Exception {
        Path result = dir.resolve("error.txt");
        assertEquals(Main.EXIT_INPUT, script("run_instance.sh", "v1", "test", dir.resolve("none.onnx").toString(), ROBUST.toString(),
            result.toString(), "30"), output);
        assertEquals(List.of("error"), Files.readAllLines(result));
        assertTrue(output.contains("none.onnx: no such file"), output);
    }

    /** run_instance.sh starts the jar with the natives and start-up archive bin/verify made, only while they are newer than it. */
    @Test
    void runInstanceUsesTheStartUpFilesOfItsJar() throws Exception {
        Path tool = dir.resolve("tool");
        Files.createDirectories(tool.resolve("vnncomp"));
        Files.copy(SCRIPTS.resolve("run_instance.sh"), tool.resolve("vnncomp/run_instance.sh"));
        Path target = Files.createDirectories(tool.resolve("cli/target"));
        Path jar = Files.writeString(target.resolve("netverify.jar"), "");
        Path unpacked = Files.writeString(Files.createDirectories(target.resolve("natives")).resolve("unpacked"), "");
        Path archive = Files.writeString(target.resolve("netverify.jsa"), "");
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\necho \"$@\" > '" + dir.resolve("args.txt") + "'\n");
        assertTrue(java.toFile().setExecutable(true));
        long t = System.currentTimeMillis();
        assertTrue(jar.toFile().setLastModified(t - 60_000) && unpacked.toFile().setLastModified(t) && archive.toFile().setLastModified(t));
        String args = fakeRun(tool, java.getParent().getParent());
        assertTrue(args.contains("-XX:SharedArchiveFile=" + archive) && args.contains("-Djava.library.path=" + target.resolve("natives"))
            && args.contains("-jar " + jar), args);
        assertTrue(jar.toFile().setLastModified(t + 60_000));
        args = fakeRun(tool, java.getParent().getParent());
        assertFalse(args.contains("SharedArchiveFile") || args.contains("java.library.path"), args);
    }

    /** The arguments run_instance.sh of {@code tool} passes to {@code jdk}'s java. */
    private String fakeRun(Path tool, Path jdk) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", tool.resolve("vnncomp/run_instance.sh").toString(), "v1", "test", NET.toString(),
            ROBUST.toString(), dir.resolve("r.txt").toString(), "30").redirectErrorStream(true);
        pb.environment().remove("NETVERIFY_CLASSPATH");
        pb.environment().remove("NETVERIFY_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", jdk.toString());
        Process p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run_instance.sh did not finish");
        return Files.readString(dir.resolve("args.txt"));
    }

    @Test
    void scriptsCheckTheirArguments() throws Exception {
        assertEquals(1, script("install_tool.sh", "v2"));
        assertTrue(output.contains("'v1'"), output);
        assertEquals(1, script("prepare_instance.sh", "v2", "test", NET.toString(), ROBUST.toString()));
        assertEquals(1, script("prepare_instance.sh", "v1", "test", NET.toString()));
        Path result = dir.resolve("r.txt");
        assertEquals(1, script("run_instance.sh", "v1", "test", NET.toString(), ROBUST.toString(), result.toString()));
        assertTrue(output.contains("Expected 6 arguments"), output);
        assertTrue(Files.notExists(result));
    }
}
