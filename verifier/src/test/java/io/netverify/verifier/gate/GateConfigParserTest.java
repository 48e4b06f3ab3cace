package io.netverify.verifier.gate;

import io.netverify.onnx.TinyReluNetwork;
import io.netverify.verifier.certify.CertifyMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full configuration reads as written; every malformed one is an error naming the file, line and key. */
class GateConfigParserTest {
    @TempDir
    Path dir;

    private static final String VALID = """
        model: net.onnx
        data:
          points: points.csv
          range: [0, 1]
          normalize: {mean: 0.5, std: 0.25}
          limit: 10
        specs:
          - name: small
            eps: 0.01
            method: alpha-crown
            timeout_per_point: 2
            attack_steps: 0
            thresholds:
              certified_accuracy: {min: 0.8}
              unknown_rate: {max: 0.1}
              clean_accuracy: {min: 0.9, max: 1}
          - name: large
            eps: 0.1
        baseline:
          file: base.json
          max_absolute_drop: 0.02
          max_relative_drop: 0.05
          fail_on_new_violations: false
        unknown: failure
        budget: 60
        max_error_rate: 0.1
        cache: off
        reports:
          junit: out/junit.xml
          point_testcases: true
        """;

    @BeforeEach
    void files() throws IOException {
        Files.write(dir.resolve("net.onnx"), TinyReluNetwork.bytes());
        Files.writeString(dir.resolve("points.csv"), "0.5,0.5,1\n");
    }

    @Test
    void readsEveryKey() throws IOException {
        GateConfig c = GateConfigParser.read(config(VALID));
        assertEquals(dir.resolve("net.onnx"), c.model());
        assertEquals(new GateConfig.Data(dir.resolve("points.csv"), null, 0, 1, 0.5, 0.25, 10), c.data());
        assertEquals(2, c.specs().size());
        GateConfig.Spec small = c.specs().get(0);
        assertEquals(CertifyMethod.ALPHA_CROWN, small.method());
        assertEquals(0, small.attackSteps());
        assertEquals(4, small.thresholds().size());
        assertEquals(new GateConfig.Threshold(Metric.CERTIFIED_ACCURACY, true, 0.8), small.thresholds().get(0));
        assertEquals(new GateConfig.Threshold(Metric.UNKNOWN_RATE, false, 0.1), small.thresholds().get(1));
        assertEquals(CertifyMethod.CROWN, c.specs().get(1).method());
        assertEquals(new GateConfig.Baseline(dir.resolve("base.json"), 0.02, 0.05, false), c.baseline());
        assertTrue(c.unknownFails());
        assertEquals(60, c.budget());
        assertEquals(null, c.cache());
        assertEquals(dir.resolve("out/junit.xml"), c.reports().junit());
        assertTrue(c.reports().pointTestcases());
        assertFalse(GateConfigParser.read(config("model: net.onnx\ndata: {points: points.csv}\nspecs: [{name: a, eps: 0}]\n"))
            .unknownFails());
    }

    @Test
    void unknownKeyNamesKeyAndLine() {
        assertError(VALID.replace("  limit: 10", "  limt: 10"), ":6: unknown key 'data.limt'");
        assertError(VALID.replace("    eps: 0.1", "    eps: 0.1\n    epsilon: 2"), ":19: unknown key 'specs[1].epsilon'");
        assertError(VALID.replace("clean_accuracy: {min: 0.9, max: 1}", "clean_acc: {min: 0.9}"),
            ":16: unknown key 'specs[0].thresholds.clean_acc'");
    }

    @Test
    void wrongTypesNameKeyAndLine() {
        assertError(VALID.replace("eps: 0.01", "eps: small"), ":9: specs[0].eps: expected a number, got 'small'");
        assertError(VALID.replace("budget: 60", "budget: [1, 2]"), ":25: budget: expected a number, got a list");
        assertError(VALID.replace("fail_on_new_violations: false", "fail_on_new_violations: maybe"),
            ":23: baseline.fail_on_new_violations: expected true or false, got 'maybe'");
        assertError("model: net.onnx\ndata: {points: points.csv}\nspecs: 3\n", ":3: specs: expected a non-empty list");
        assertError(VALID.replace("method: alpha-crown", "method: magic"), ":10: specs[0].method: expected ibp, crown");
        assertError(VALID.replace("{min: 0.8}", "{min: 80}"), ":14: specs[0].thresholds.certified_accuracy.min: expected a share");
        assertError(VALID.replace("unknown: failure", "unknown: ignore"), ":24: unknown: expected neutral or failure");
    }

    @Test
    void missingFilesAndKeysAreNamed() {
        assertError(VALID.replace("model: net.onnx", "model: other.onnx"), ":1: model: no such file");
        assertError(VALID.replace("points: points.csv", "points: nope.csv"), ":3: data.points: no such file");
        assertError(VALID.replace("  - name: large\n    eps: 0.1\n", "  - name: large\n"), ":17: specs[1]: missing key 'eps'");
        assertError(VALID.replace("model: net.onnx\n", ""), ":1: missing key 'model'");
        assertError(VALID.replace("name: large", "name: small"), ":17: specs[1].name: duplicate spec name 'small'");
        assertError(VALID.replace("budget: 60", "budget: 60\nbudget: 70"), ":26: budget: duplicate key");
    }

    @Test
    void instanceListSpecsAreCheckedToo() throws IOException {
        Files.writeString(dir.resolve("list.csv"), "net.onnx,p.vnnlib,10\n");
        GateConfig c = GateConfigParser.read(config("instances: list.csv\nspecs:\n  - name: all\n    thresholds:\n"
            + "      certified_accuracy: {min: 0.5}\n"));
        assertEquals(dir.resolve("list.csv"), c.instances());
        assertEquals(null, c.model());
        assertEquals(CertifyMethod.COMPLETE, c.specs().get(0).method());
        assertError("instances: list.csv\nspecs:\n  - name: all\n    method: crown\n", ":4: specs[0].method: an instance list is decided");
        assertError("instances: list.csv\nspecs:\n  - name: all\n    eps: 0.1\n", ":4: unknown key 'specs[0].eps'");
        assertError("instances: none.csv\nspecs:\n  - name: all\n", ":1: instances: no such file");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertError(VALID.replace("  range: [0, 1]", "  range: [0, 1"), ":5: not valid YAML");
        assertError("", "empty configuration");
        ConfigException e = assertThrows(ConfigException.class, () -> GateConfigParser.read(dir.resolve("none.yaml")));
        assertTrue(e.getMessage().endsWith("none.yaml: no such file"), e.getMessage());
    }

    private void assertError(String yaml, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> GateConfigParser.read(config(yaml)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("gate.yaml").toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("gate.yaml"), yaml);
    }
}
