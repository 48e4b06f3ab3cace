package io.netverify.cli;

import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.RobustnessProperty;
import io.netverify.verifier.gate.GateReports;
import io.netverify.verifier.gate.GateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verify gate} end to end on the gate example's classifier: the committed example passes,
 * each threshold kind fails when not met, baseline regressions (with a planted new violation), the
 * cache, reports written also when the gate fails, JUnit XML valid against the JUnit schema, and
 * malformed configurations (exit 2, one line naming key and line).
 */
class GateCommandTest extends CliTestSupport {
    private static final Path EXAMPLE = Path.of("..", "examples", "gate");

    @TempDir
    Path dir;

    @BeforeEach
    void example() throws IOException {
        GateExample.write(dir);
    }

    @Test
    void committedExampleIsReproducibleAndPasses() throws IOException {
        for (String f : List.of(GateExample.MODEL, GateExample.POINTS, GateExample.CONFIG)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(f)), Files.readAllBytes(EXAMPLE.resolve(f)), f);
        }
        assertEquals(0, run("gate", "--config", dir.resolve(GateExample.CONFIG).toString(), "-q"), out + err);
        assertTrue(out.strip().endsWith("gate: passed"), out);
        for (String f : List.of("reports/junit.xml", "reports/gate.json", "reports/summary.md")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("reports/summary.md")).startsWith("## netverify gate: passed"));
    }

    @Test
    void eachThresholdKindPassesOrFailsOnItsValue() throws IOException {
        // measured on this example at eps 0.01 with CROWN: clean 0.9333, certified 0.9167, unknown 0
        assertEquals(0, gate(spec("0.01", "crown", "certified_accuracy: {min: 0.9}\n      clean_accuracy: {min: 0.93, max: 0.94}\n"
            + "      unknown_rate: {max: 0}\n      robust_accuracy: {min: 0.9}")), out + err);
        assertEquals(1, gate(spec("0.01", "crown", "certified_accuracy: {min: 0.95}")));
        assertTrue(out.contains("FAIL certified_accuracy >= 0.95: certified_accuracy = 0.9167, required >= 0.95 (below the minimum)"), out);
        assertEquals(1, gate(spec("0.01", "crown", "clean_accuracy: {min: 0.95}")));
        assertTrue(out.contains("clean_accuracy = 0.9333, required >= 0.95"), out);
        assertEquals(1, gate(spec("0.01", "crown", "clean_accuracy: {max: 0.9}")));
        assertTrue(out.contains("(above the maximum)"), out);
        // IBP without an attack leaves points open at eps 0.1
        assertEquals(1, gate(spec("0.1", "ibp\n    attack_steps: 0", "unknown_rate: {max: 0.05}")));
        assertTrue(out.contains("FAIL unknown_rate <= 0.05: unknown_rate = 0."), out);
        String junit = Files.readString(dir.resolve("reports/junit.xml"));
        assertTrue(junit.contains("<failure message=\"unknown_rate = 0."), junit);
        validate(junit);
    }

    @Test
    void unknownCountsAsFailureWhenAsked() throws IOException {
        String spec = spec("0.1", "ibp\n    attack_steps: 0", "clean_accuracy: {min: 0.5}");
        assertEquals(0, gate(spec), out + err);
        assertEquals(1, gate(spec + "unknown: failure\n"));
        assertTrue(out.contains("FAIL no unknown points"), out);

        // points CROWN certified in the baseline that IBP leaves open are lost certificates
        String baseline = "baseline: {file: base.json, max_absolute_drop: 1, max_relative_drop: 1}\n";
        assertEquals(0, run("gate", "--config", write(spec.replace("ibp", "crown") + baseline).toString(), "--update-baseline", "-q"));
        assertEquals(0, gate(spec + baseline), out + err);
        assertEquals(1, gate(spec + baseline + "unknown: failure\n"));
        assertTrue(out.matches("(?s).*FAIL no lost certificates: \\d+ points certified in the baseline are now unknown.*"), out);
    }

    @Test
    void baselineRegressionAndPlantedNewViolation() throws IOException {
        String config = spec("0.05", "crown", "clean_accuracy: {max: 1}") + """
            baseline:
              file: baseline.json
              max_absolute_drop: 0.02
              max_relative_drop: 0.05
            """;
        assertEquals(0, run("gate", "--config", write(config).toString(), "--update-baseline", "-q"), out + err);
        assertTrue(Files.readString(dir.resolve("baseline.json")).contains("\"certified\": [\""));
        assertEquals(0, gate(config), out + err);
        assertTrue(out.contains("ok   no new violations"), out);
        assertTrue(out.contains("ok   certified_accuracy vs baseline"), out);

        // plant a retrained model: another network in the same file; points certified before now have counterexamples
        Files.write(dir.resolve(GateExample.MODEL), ExampleGenerator.mlp(new int[] {8, 24, 24, 3}, 7));
        assertEquals(1, gate(config));
        assertTrue(out.contains("FAIL certified_accuracy vs baseline"), out);
        assertTrue(out.contains("FAIL no new violations"), out);
        int listed = (int) out.lines().filter(l -> l.matches("\\s+point \\d+ \\(label \\d\\): counterexample found by .* in .*")).count();
        assertTrue(listed > 0, out);
        Map<?, ?> report = json(dir.resolve("reports/gate.json"));
        Map<?, ?> spec = (Map<?, ?>) ((List<?>) report.get("specs")).get(0);
        List<?> violations = (List<?>) spec.get("new_violations");
        assertEquals(listed, violations.size());
        for (Object p : (List<?>) spec.get("points")) {
            Map<?, ?> point = (Map<?, ?>) p;
            if (violations.contains(point.get("index"))) {
                assertTrue(Files.isRegularFile(Path.of((String) point.get("counterexample"))), point.toString());
            }
        }
        assertEquals(false, report.get("passed"));
        assertEquals(1, report.get("exit_code"));
        assertTrue(Files.readString(dir.resolve("reports/summary.md")).startsWith("## netverify gate: FAILED"));

        // the same regression passes when new violations are allowed and the drop is tolerated
        assertEquals(0, gate(config.replace("max_absolute_drop: 0.02", "max_absolute_drop: 1")
            .replace("max_relative_drop: 0.05", "max_relative_drop: 1\n  fail_on_new_violations: false")), out + err);
    }

    @Test
    void unchangedGateIsServedFromTheCache() throws IOException {
        String config = spec("0.05", "crown", "certified_accuracy: {min: 0.1}");
        assertEquals(0, gate(config));
        Map<?, ?> first = json(dir.resolve("reports/gate.json"));
        assertEquals(0, gate(config));
        Map<?, ?> second = json(dir.resolve("reports/gate.json"));
        Map<?, ?> m1 = (Map<?, ?>) ((Map<?, ?>) ((List<?>) first.get("specs")).get(0)).get("metrics");
        Map<?, ?> m2 = (Map<?, ?>) ((Map<?, ?>) ((List<?>) second.get("specs")).get(0)).get("metrics");
        assertEquals(0, m1.get("cache_hits"));
        assertTrue(((Number) m2.get("cache_hits")).intValue() >= 55, m2.toString());
        assertEquals(m1.get("certified_accuracy"), m2.get("certified_accuracy"));
        assertTrue(Files.isDirectory(dir.resolve(".netverify/cache")));
    }

    @Test
    void junitWithPointTestcasesAndErrorReportValidateAgainstTheSchema() throws IOException, SAXException {
        String config = spec("0.05", "crown", "certified_accuracy: {min: 0.99}").replace("reports:\n", "reports:\n  point_testcases: true\n");
        assertEquals(1, gate(config));
        String junit = Files.readString(dir.resolve("reports/junit.xml"));
        validate(junit);
        assertTrue(junit.contains("<testcase name=\"point 59\""), junit);
        assertTrue(junit.contains("<skipped message=\"falsified by "), junit);
        assertTrue(junit.contains("<property name=\"certified_accuracy\""), junit);
        assertTrue(junit.contains("<system-out>eps: 0.05"), junit);
        validate(GateReports.junitError("internal <error> & \"quotes\""));
        assertEquals(3, new GateResult(List.of(), true, 0).exitCode());
    }

    @Test
    void malformedConfigurationsAreOneLineAndExit2() throws IOException {
        String good = spec("0.05", "crown", "certified_accuracy: {min: 0.1}");
        assertEquals(2, gate(good.replace("  method: crown", "  methd: crown")));
        assertOneLine("gate.yaml:6: unknown key 'specs[0].methd'");
        assertEquals(2, gate(good.replace("eps: 0.05", "eps: abc")));
        assertOneLine("gate.yaml:5: specs[0].eps: expected a number, got 'abc'");
        assertEquals(2, gate(good.replace("model: model.onnx", "model: gone.onnx")));
        assertOneLine("gate.yaml:1: model: no such file");
        assertEquals(2, gate(good + "baseline: {file: none.json}\n"));
        assertOneLine("none.json: no such baseline file");
        assertEquals(2, run("gate", "--config", dir.resolve("absent.yaml").toString()));
        assertOneLine("absent.yaml: no such file");
    }

    @Test
    void instanceListGateAgreesWithCertify() throws IOException {
        CertifiedModel model = CertifiedModel.load(dir.resolve(GateExample.MODEL));
        Dataset data = Dataset.read(dir.resolve(GateExample.POINTS), null).limit(10);
        CertifySettings s = CertifySettings.of(0.06).withRange(0, 1).withMethod(CertifyMethod.COMPLETE).withTimeouts(1, 60);
        CertifyReport certify = new Certifier(model.graph(), s, null, l -> { }).certify(data);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            Files.writeString(dir.resolve("p" + i + ".vnnlib"),
                RobustnessProperty.of(data.points()[i], data.labels()[i], 3, 0.06, s).toVnnlib());
            list.append(GateExample.MODEL).append(",p").append(i).append(".vnnlib,1\n");
        }
        Files.writeString(dir.resolve("instances.csv"), list);
        String config = "instances: instances.csv\nspecs:\n  - name: list\n    thresholds:\n      certified_accuracy: {min: 0.5}\n"
            + "reports:\n  json: reports/gate.json\n  junit: reports/junit.xml\n";
        assertEquals(0, gate(config), out + err);
        Map<?, ?> spec = (Map<?, ?>) ((List<?>) json(dir.resolve("reports/gate.json")).get("specs")).get(0);
        List<?> points = (List<?>) spec.get("points");
        assertEquals(data.size(), points.size());
        int decided = 0;
        for (int i = 0; i < points.size(); i++) {
            String listed = (String) ((Map<?, ?>) points.get(i)).get("verdict");
            String certified = certify.points().get(i).verdict().word();
            if (!listed.equals("unknown") && !certified.equals("unknown")) {
                assertEquals(certified, listed, "instance " + i);
                decided++;
            }
        }
        assertTrue(decided >= 8, "decided on both sides: " + decided);
        validate(Files.readString(dir.resolve("reports/junit.xml")));
        assertEquals(2, gate(config.replace("certified_accuracy", "clean_accuracy")));
        assertOneLine("clean_accuracy is not defined for an instance list");
        assertEquals(2, gate("model: model.onnx\n" + config));
        assertOneLine("give either model and data, or an instance list");
    }

    /** A one-spec configuration on the example data with reports under reports/. */
    private static String spec(String eps, String method, String thresholds) {
        return "model: model.onnx\ndata: {points: points.csv, range: [0, 1]}\nspecs:\n  - name: s\n    eps: " + eps
            + "\n    method: " + method + "\n    thresholds:\n      " + thresholds + "\nreports:\n  junit: reports/junit.xml\n"
            + "  json: reports/gate.json\n  markdown: reports/summary.md\n  counterexamples: reports/cex\n";
    }

    private int gate(String config) throws IOException {
        return run("gate", "--config", write(config).toString(), "-q");
    }

    private Path write(String config) throws IOException {
        return Files.writeString(dir.resolve("gate.yaml"), config);
    }

    private static Map<?, ?> json(Path file) throws IOException {
        return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }

    private static void validate(String junit) {
        try {
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(GateCommandTest.class.getResource("/junit.xsd")).newValidator()
                .validate(new StreamSource(new StringReader(junit)));
        } catch (SAXException | IOException e) {
            throw new AssertionError("JUnit XML does not validate: " + e.getMessage() + "\n" + junit, e);
        }
    }

    private void assertOneLine(String fragment) {
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains(fragment), err);
        assertFalse(err.contains("Exception"), err);
    }
}
