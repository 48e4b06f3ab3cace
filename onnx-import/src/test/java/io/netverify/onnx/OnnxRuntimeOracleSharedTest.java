package io.netverify.onnx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle on the real networks of ../shared. */
class OnnxRuntimeOracleSharedTest {
    private static final Pattern ASSIGNMENT = Pattern.compile("\\(([XY])_(\\d+)\\s+([^()\\s]+)\\)");

    /** The digits witnesses record the outputs their inputs produce; ONNX Runtime must agree. */
    @Test
    void reproducesTheOutputsRecordedInDigitsWitnesses() throws IOException {
        Path dir = SharedData.file("benchmarks/digits");
        List<String> rows = Files.readAllLines(dir.resolve("known_answers.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int onnxColumn = header.indexOf("onnx");
        int witnessColumn = header.indexOf("witness");
        int checked = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            if (f[witnessColumn].isBlank()) {
                continue;
            }
            Map<String, TreeMap<Integer, Double>> values = parseWitness(dir.resolve(f[witnessColumn]));
            double[] x = values.get("X").values().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = values.get("Y").values().stream().mapToDouble(Double::doubleValue).toArray();
            try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(dir.resolve(f[onnxColumn]))) {
                double[] actual = ort.evaluate(x);
                assertEquals(y.length, actual.length, f[witnessColumn]);
                for (int i = 0; i < y.length; i++) {
                    assertEquals(y[i], actual[i], 1e-4 * Math.max(1, Math.abs(y[i])), f[witnessColumn] + " Y_" + i);
                }
            }
            checked++;
        }
        assertTrue(checked > 0, "no witness in known_answers.csv");
    }

    /** Every shared network loads and gives finite outputs for a mid-range input. */
    @Test
    void evaluatesEverySharedNetwork() {
        List<Path> networks = SharedData.allNetworks();
        assertFalse(networks.isEmpty());
        for (Path net : networks) {
            try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(net)) {
                double[] input = new double[ort.inputSize()];
                Arrays.fill(input, 0.5);
                double[] out = ort.evaluate(input);
                assertTrue(out.length > 0, net.toString());
                assertTrue(Arrays.stream(out).allMatch(Double::isFinite), net + ": non-finite output");
            }
        }
    }

    /** X_i and Y_j values of a VNN-COMP witness file, by index. */
    private static Map<String, TreeMap<Integer, Double>> parseWitness(Path file) throws IOException {
        Map<String, TreeMap<Integer, Double>> values = new HashMap<>();
        Matcher m = ASSIGNMENT.matcher(Files.readString(file));
        while (m.find()) {
            values.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), Double.parseDouble(m.group(3)));
        }
        assertTrue(values.containsKey("X") && values.containsKey("Y"), file + ": no X or Y values");
        return values;
    }
}
