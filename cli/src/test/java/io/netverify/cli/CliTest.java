package io.netverify.cli;

import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.TinyReluNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verify command end to end: outputs, result files, exit codes and one-line errors. */
class CliTest extends CliTestSupport {
    @TempDir
    Path dir;
    Path model;

    /** y = relu(W x + b) with W = [[1, -1], [2, 1]], b = [0, -1]. */
    @BeforeEach
    void writeModel() throws IOException {
        model = Files.write(dir.resolve("net.onnx"), TinyReluNetwork.bytes());
    }

    private Path spec(String name, String outputAssert) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n"
            + "(declare-const Y_1 Real)\n(assert (>= X_0 0))\n(assert (<= X_0 1))\n(assert (>= X_1 0))\n(assert (<= X_1 1))\n"
            + outputAssert + "\n");
        return p;
    }

    private void assertOneLineError(String... fragments) {
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' missing in: " + err);
        }
    }

    /** The options run and bounds have in common come from one definition each (picocli mixins). */
    @Test
    void runAndBoundsShareTheirOptionMixins() {
        CommandLine verify = Main.commandLine(new String[0]);
        assertEquals(Set.of(InstanceFiles.class, SeedOption.class, QuietOption.class, ClusterOption.class), mixins(verify, "run"));
        assertEquals(Set.of(InstanceFiles.class), mixins(verify, "bounds"));
        for (String command : List.of("run", "bounds")) {
            CommandSpec spec = verify.getSubcommands().get(command).getCommandSpec();
            assertTrue(spec.findOption("--onnx").required() && spec.findOption("--vnnlib").required(), command);
            assertEquals("MODEL", spec.findOption("--onnx").paramLabel(), command);
        }
    }

    private static Set<Class<?>> mixins(CommandLine verify, String command) {
        return verify.getSubcommands().get(command).getCommandSpec().mixins().values().stream()
            .map(m -> m.userObject().getClass()).filter(c -> c.getPackage() == Main.class.getPackage()).collect(Collectors.toSet());
    }

    /** A run names its subcommand: only that one is built (start-up cost), and it works as with all of them. */
    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("run"), Main.commandLine(new String[] {"--debug", "run", "--help"}).getSubcommands().keySet());
        assertTrue(Main.commandLine(new String[] {"help", "run"}).getSubcommands().keySet()
            .containsAll(Set.of("run", "bench", "bounds", "info", "eval", "certify", "gate", "merge", "lipschitz", "jacobian")));
        assertEquals(2, run("--debug", "run", "--onnx", "missing.onnx", "--vnnlib", "missing.vnnlib"));
        assertTrue(err.contains("missing.onnx") && err.contains("\tat "), err);
        assertEquals(2, run("runn"));
        assertTrue(err.contains("Unmatched argument") && err.contains("'runn'"), err);
    }

    @Test
    void noOptionHasATypeWhoseConverterMainLeavesOut() {
        CommandLine all = Main.commandLine(new String[] {"help"});
        List<CommandLine.Model.ArgSpec> args = new ArrayList<>(all.getCommandSpec().args());
        all.getSubcommands().values().forEach(c -> args.addAll(c.getCommandSpec().args()));
        assertTrue(args.size() > 50, "too few options found: " + args.size());
        for (CommandLine.Model.ArgSpec a : args) {
            List<Class<?>> types = new ArrayList<>(List.of(a.auxiliaryTypes()));
            types.add(a.type());
            for (Class<?> t : types) {
                assertFalse(t.getName().matches(Main.UNUSED_CONVERTERS.replace(",", "|")), a + " has type " + t.getName());
            }
        }
    }

    @Test
    void helpExplainsCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.contains("run") && out.contains("info") && out.contains("eval") && out.contains("Exit codes"), out);
        assertEquals(0, run("run", "--help"));
        assertTrue(out.contains("--vnnlib") && out.contains("--timeout") && out.contains("--result"), out);
    }

    @Test
    void evalPrintsOutputs() {
        assertEquals(0, run("eval", "--onnx", model.toString(), "--input", "0.5, 0.25"));
        assertEquals(List.of("Y_0 0.25", "Y_1 0.25"), out.strip().lines().toList());
    }

    @Test
    void evalFromFile() throws IOException {
        Path in = Files.writeString(dir.resolve("x.txt"), "1 -1\n");
        assertEquals(0, run("eval", "--onnx", model.toString(), "--input-file", in.toString()));
        assertEquals(List.of("Y_0 2.0", "Y_1 0.0"), out.strip().lines().toList());
    }

    @Test
    void evalWithWrongInputCountIsAnInputError() {
        assertEquals(2, run("eval", "--onnx", model.toString(), "--input", "1,2,3"));
        assertOneLineError("3 values", "needs 2");
        assertEquals(2, run("eval", "--onnx", model.toString(), "--input", "1,abc"));
        assertOneLineError("'abc' is not a number");
    }

    @Test
    void infoSummarisesTheNetwork() {
        assertEquals(0, run("info", "--onnx", model.toString()));
        assertTrue(out.contains("opset:      13"), out);
        assertTrue(out.contains("unsupported operators: none"), out);
        assertTrue(out.contains("parameters: 6"), out);
        assertTrue(out.contains("Linear") && out.contains("Relu"), out);
    }

    @Test
    void infoListsUnsupportedOperators() throws IOException {
        Path bad = dir.resolve("bad.onnx");
        new OnnxModelBuilder().opset(12)
            .input("x", DataType.FLOAT, 1, 2)
            .node("Hardmax", List.of("x"), List.of("h"))
            .node("LpNormalization", List.of("h"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).write(bad);
        assertEquals(0, run("info", "--onnx", bad.toString()));
        assertTrue(out.contains("unsupported operators (2)"), out);
        assertTrue(out.contains("Hardmax (node 'Hardmax_0', opset 12)") && out.contains("LpNormalization"), out);
        assertEquals(2, run("run", "--onnx", bad.toString(), "--vnnlib", spec("s.vnnlib", "(assert (>= Y_0 5))").toString()));
        assertOneLineError("bad.onnx", "unsupported", "Hardmax");
    }

    @Test
    void runFindsAndWritesACounterexample() throws IOException {
        // y_0 = relu(x0 - x1) reaches 1 at x = (1, 0): the property "y_0 < 0.9" is violated
        Path s = spec("sat.vnnlib", "(assert (>= Y_0 0.9))");
        Path result = dir.resolve("out/result.txt");
        assertEquals(0, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--result", result.toString(), "--quiet"));
        assertEquals("sat", out.strip());
        assertEquals("", err);
        List<String> lines = Files.readAllLines(result);
        assertEquals("sat", lines.get(0));
        assertTrue(lines.get(1).startsWith("((X_0 "), lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("(Y_1 ") && lines.get(lines.size() - 1).endsWith("))"), lines.toString());
        double x0 = Double.parseDouble(lines.get(1).replaceAll("[()X_0 ]", ""));
        double x1 = Double.parseDouble(lines.get(2).replaceAll("[()]|X_1 ", ""));
        assertTrue(x0 - x1 >= 0.9, "witness " + lines);
    }

    @Test
    void runProvesAPropertyThatHolds() throws IOException {
        // y_0 <= 1 on the box, so "y_0 >= 1.5" has no counterexample, and interval bounds show it
        Path s = spec("hold.vnnlib", "(assert (>= Y_0 1.5))");
        Path result = dir.resolve("r.txt");
        assertEquals(0, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--result", result.toString(),
            "--timeout", "5"));
        assertEquals("unsat", out.strip());
        assertEquals("unsat", Files.readString(result).strip());
        // interval bounds run before any attack and prove it, so no attack starts
        assertTrue(err.contains("bounds: ibp excludes") && !err.contains("attack"), "progress on stderr: " + err);
    }

    @Test
    void aTimeoutStatesTheInstanceBudgetOnceAndWhereItRanOut() throws IOException {
        Path s = spec("hold.vnnlib", "(assert (>= Y_0 1.5))");
        assertEquals(0, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--timeout", "1e-9"));
        assertEquals("timeout", out.strip());
        assertTrue(err.contains("timeout after 1.0E-9 s (loading included) while loading ("), err);
        assertEquals(1, err.split("timeout after", -1).length - 1, err);
    }

    @Test
    void branchingModeCanBeChosen() throws IOException {
        // y0 >= 0.6 needs x0 - x1 >= 0.6 and y1 >= 1.5 needs 2 x0 + x1 >= 2.5: never both on the box, but
        // each alone is reachable, so no bound over the whole box excludes the region: branching is needed
        Path s = spec("split.vnnlib", "(assert (>= Y_0 0.6))\n(assert (>= Y_1 1.5))");
        assertEquals(0, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--branching", "INPUT"));
        assertEquals("unsat", out.strip());
        assertTrue(err.contains("bab: case 1/1, input splitting"), err);
        // activation splitting needs the rows together: the exact LP of its last domain decides the conjunction
        assertEquals(0, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--branching", "activation"));
        assertEquals("unsat", out.strip(), err);
        assertTrue(err.contains("bab: case 1/1, activation splitting"), err);
        assertEquals(0, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--branching", "input-lp", "-q"));
        assertEquals("unsat", out.strip());
        assertEquals(2, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--branching", "neurons"));
        assertOneLineError("--branching must be auto, input, input-lp or activation");
    }

    @Test
    void truncatedModelIsAnInputErrorAndTheResultSaysError() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(bytes, bytes.length / 3));
        Path result = dir.resolve("r.txt");
        assertEquals(2, run("run", "--onnx", cut.toString(), "--vnnlib", spec("s.vnnlib", "(assert (>= Y_0 5))").toString(),
            "--result", result.toString()));
        assertOneLineError("cut.onnx", "not a valid ONNX model");
        assertEquals("error", Files.readString(result).strip());
    }

    @Test
    void brokenSpecNamesFileLineAndColumn() throws IOException {
        Path s = dir.resolve("broken.vnnlib");
        Files.writeString(s, "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 1)\n");
        assertEquals(2, run("run", "--onnx", model.toString(), "--vnnlib", s.toString()));
        assertOneLineError("broken.vnnlib:");
    }

    @Test
    void specSizeMismatchIsAnInputError() throws IOException {
        Path s = dir.resolve("one.vnnlib");
        Files.writeString(s, "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (>= X_0 0))\n(assert (<= X_0 1))\n"
            + "(assert (>= Y_0 1))\n");
        assertEquals(2, run("run", "--onnx", model.toString(), "--vnnlib", s.toString()));
        assertOneLineError("one.vnnlib", "1 inputs", "network has 2 inputs");
    }

    @Test
    void boundsPrintsOutputAndMarginBoundsAsJson() throws IOException {
        // y_0 = relu(x_0 - x_1) lies in [0, 1] on the box; the margin of "y_0 >= 0.9" is 0.9 - y_0
        Path s = spec("b.vnnlib", "(assert (>= Y_0 0.9))");
        for (String method : List.of("ibp", "crown", "alpha-crown")) {
            assertEquals(0, run("bounds", "--onnx", model.toString(), "--vnnlib", s.toString(), "--method", method, "--json"));
            String json = out.strip();
            assertTrue(json.startsWith("{\"method\":\"" + method + "\","), json);
            assertEquals(0, jsonArray(json, "lower")[0], 1e-9);
            assertEquals(1, jsonArray(json, "upper")[0], 1e-9);
            assertEquals(-0.1, jsonArray(json, "margin_lower")[0], 1e-9);
            assertEquals(0.9, jsonArray(json, "margin_upper")[0], 1e-9);
            assertTrue(json.matches(".*\"seconds\":[0-9.eE-]+}"), json);
        }
        assertEquals(2, run("bounds", "--onnx", model.toString(), "--vnnlib", s.toString(), "--method", "magic"));
        assertOneLineError("--method must be ibp, crown or alpha-crown");
        assertEquals(2, run("bounds", "--onnx", model.toString(), "--vnnlib", s.toString(), "--box", "3"));
        assertOneLineError("--box 3 out of range");
    }

    private static double[] jsonArray(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":\\[([^\\]]*)]").matcher(json);
        assertTrue(m.find(), field + " missing in " + json);
        return Arrays.stream(m.group(1).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void usageErrors() {
        assertEquals(2, run("run", "--onnx", model.toString()));
        assertTrue(err.contains("--vnnlib"), err);
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("run", "--onnx", dir.resolve("missing.onnx").toString(), "--vnnlib", "x.vnnlib"));
        assertOneLineError("missing.onnx", "no such file");
    }

    @Test
    void debugShowsTheStackTrace() {
        assertEquals(2, run("eval", "--onnx", dir.resolve("missing.onnx").toString(), "--input", "1,2", "--debug"));
        assertTrue(err.contains("\tat "), err);
    }

    @Test
    void anUnboundedTimeoutIsAUsageError() throws IOException {
        Path s = spec("t.vnnlib", "(assert (>= Y_0 1.5))");
        assertEquals(2, run("run", "--onnx", model.toString(), "--vnnlib", s.toString(), "--timeout", "Infinity"));
        assertOneLineError("--timeout must be a positive number of seconds");
    }

    @Test
    void aNetworkWithTwoOutputsIsOneOutputVector() throws IOException {
        Path two = dir.resolve("two.onnx");
        new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 2)
            .node("Relu", List.of("x"), List.of("y"))
            .node("Neg", List.of("x"), List.of("z"))
            .output("y", DataType.FLOAT, OnnxModelBuilder.BATCH, 2)
            .output("z", DataType.FLOAT, OnnxModelBuilder.BATCH, 2)
            .write(two);
        // y and z are Y_0, Y_1 and Y_2, Y_3 (GraphSemanticsCliTest runs such networks): a spec over two is wrong
        Path s = spec("t.vnnlib", "(assert (>= Y_0 1.5))");
        assertEquals(2, run("run", "--onnx", two.toString(), "--vnnlib", s.toString(), "--timeout", "5"));
        assertOneLineError("t.vnnlib", "2 outputs", "4 outputs");
    }
}
