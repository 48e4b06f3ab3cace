package io.netverify.cli;

import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianGraph;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.Dataset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's Lipschitz threshold on the gate example's classifier (8-24-24-3): per point a certified
 * bound that every sampled gradient respects; a threshold at the largest bound passes, one just below
 * it fails (exit 1, in the JSON, Markdown and JUnit reports); configuration errors name file, line and key.
 */
class GateLipschitzTest {
    @TempDir
    Path dir;
    String out;
    String err;

    @BeforeEach
    void example() throws IOException {
        GateExample.write(dir);
    }

    private static String config(String lipschitz) {
        return "model: model.onnx\ndata: {points: points.csv, range: [0, 1]}\nspecs:\n  - name: smooth\n    eps: 0.05\n"
            + "    method: crown\n    lipschitz:\n      " + lipschitz + "\nreports:\n  junit: reports/junit.xml\n"
            + "  json: reports/gate.json\n  markdown: reports/summary.md\n";
    }

    @Test
    void passingAndFailingThresholds() throws IOException {
        assertEquals(0, gate(config("max: 1000\n      points: [0, 7, 31]")), out + err);
        String message = checkMessage();
        Matcher m = Pattern.compile("largest ([0-9.e+-]+) at point (\\d+)").matcher(message);
        assertTrue(m.find(), message);
        double largest = Double.parseDouble(m.group(1));
        Map<Integer, Double> certified = new java.util.HashMap<>();
        Matcher p = Pattern.compile("point (\\d+): certified <= ([0-9.e+-]+), sampled >= ([0-9.e+-]+)").matcher(message);
        while (p.find()) {
            double upper = Double.parseDouble(p.group(2));
            assertTrue(Double.parseDouble(p.group(3)) <= upper, message);
            certified.put(Integer.parseInt(p.group(1)), upper);
        }
        assertEquals(List.of(0, 7, 31), certified.keySet().stream().sorted().toList(), message);
        assertEquals(largest, certified.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 0);
        assertGradientsBelow(certified, 0.05);

        // printed with 6 digits: a threshold at the printed value may sit a hair below the bound
        assertEquals(0, gate(config("max: " + largest * (1 + 1e-5) + "\n      points: [0, 7, 31]")), out + err);
        assertTrue(out.contains("ok   lipschitz <= "), out);
        assertEquals(1, gate(config("max: " + largest * 0.99 + "\n      points: [0, 7, 31]")));
        assertTrue(out.contains("FAIL lipschitz <= ") && out.contains("(above the maximum)"), out);
        assertTrue(Files.readString(dir.resolve("reports/junit.xml")).contains("<failure message=\"certified local Lipschitz constant"));
        assertTrue(Files.readString(dir.resolve("reports/summary.md")).contains("certified local Lipschitz constant"));
        assertFalse((Boolean) json().get("passed"));
    }

    /** Every gradient sampled in a point's box (l_inf radius eps, clipped to [0, 1]) has l_1 norm within its certified bound. */
    private void assertGradientsBelow(Map<Integer, Double> certified, double eps) {
        Graph g = CertifiedModel.load(dir.resolve(GateExample.MODEL)).graph();
        Dataset data;
        try {
            data = Dataset.read(dir.resolve(GateExample.POINTS), null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 3; k++) {
            double[] c = new double[3];
            c[k] = 1;
            Evaluator grad = new Evaluator(JacobianGraph.gradient(g, c));
            certified.forEach((p, upper) -> {
                double[] x = data.points()[p];
                for (int s = 0; s < 500; s++) {
                    double[] y = new double[x.length];
                    for (int i = 0; i < y.length; i++) {
                        double lo = Math.max(0, x[i] - eps);
                        double hi = Math.min(1, x[i] + eps);
                        y[i] = lo + rnd.nextDouble() * (hi - lo);
                    }
                    double v = InputNorm.LINF.dual(grad.evaluate(y));
                    assertTrue(v <= upper, "point " + p + ": sampled " + v + " > certified " + upper);
                }
            });
        }
    }

    @Test
    void configurationErrorsNameFileLineAndKey() throws IOException {
        assertEquals(2, gate(config("max: -1")));
        assertOneLine("gate.yaml:8: specs[0].lipschitz.max: expected a number >= 0");
        assertEquals(2, gate(config("max: 3\n      norm: l3")));
        assertOneLine("gate.yaml:9: specs[0].lipschitz.norm: expected linf, l1 or l2, got 'l3'");
        assertEquals(2, gate(config("max: 3\n      method: bab")));
        assertOneLine("specs[0].lipschitz.method: expected naive, ibp, crown or alpha-crown");
        assertEquals(2, gate(config("max: 3\n      pointz: [1]")));
        assertOneLine("gate.yaml:9: unknown key 'specs[0].lipschitz.pointz'");
        assertEquals(2, gate(config("max: 3\n      points: [1, 2.5]")));
        assertOneLine("specs[0].lipschitz.points: expected point indices");
        assertEquals(2, gate(config("max: 3\n      points: [1, 99]")));
        assertOneLine("gate.yaml:9: specs[0].lipschitz.points: point 99 is out of range: the data has 60 points");
    }

    private String checkMessage() throws IOException {
        Map<?, ?> spec = (Map<?, ?>) ((List<?>) json().get("specs")).get(0);
        for (Object c : (List<?>) spec.get("checks")) {
            Map<?, ?> check = (Map<?, ?>) c;
            if (((String) check.get("name")).startsWith("lipschitz")) {
                return (String) check.get("message");
            }
        }
        throw new AssertionError("no lipschitz check in " + spec);
    }

    private Map<?, ?> json() throws IOException {
        return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(dir.resolve("reports/gate.json")));
    }

    private int gate(String config) throws IOException {
        Path file = Files.writeString(dir.resolve("gate.yaml"), config);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new String[] {"gate", "--config", file.toString(), "-q"}, new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private void assertOneLine(String fragment) {
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains(fragment), err);
        assertFalse(err.contains("Exception"), err);
    }
}
