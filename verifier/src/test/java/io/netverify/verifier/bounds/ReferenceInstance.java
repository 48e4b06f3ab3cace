package io.netverify.verifier.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.SharedData;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.VnnlibParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One reference bound file of ../shared/reference/bounds, with the network, box and margin rows it refers to. */
record ReferenceInstance(String benchmark, String name, Graph graph, Interval box, double[][] c, double[] d, JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reference folder name to benchmark folder name. */
    private static final Map<String, String> FOLDERS = Map.of("mnistfc", "mnist_fc");

    static List<Path> files(String benchmark) {
        Path dir = SharedData.file("reference/bounds/" + benchmark);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference's alpha-CROWN time on the margins, in seconds (read without loading the network). */
    static double alphaSeconds(Path file) {
        try {
            return JSON.readTree(file.toFile()).get("margin").get("seconds").get("alpha-crown").asDouble();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReferenceInstance load(String benchmark, Path file) {
        try {
            JsonNode j = JSON.readTree(file.toFile());
            Path dir = SharedData.file("benchmarks/" + FOLDERS.getOrDefault(benchmark, benchmark));
            Graph g = OnnxModel.read(dir.resolve(j.get("onnx").asText())).toGraph();
            InputBox b = VnnlibParser.parse(dir.resolve(j.get("vnnlib").asText())).cases().get(j.get("box_index").asInt()).box();
            JsonNode rows = j.get("margin").get("rows");
            int outputs = j.get("output_dim").asInt();
            double[][] c = new double[rows.size()][outputs];
            double[] d = new double[rows.size()];
            for (int k = 0; k < rows.size(); k++) {
                for (Iterator<Map.Entry<String, JsonNode>> it = rows.get(k).get("c").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    c[k][Integer.parseInt(e.getKey().substring(2))] = e.getValue().asDouble();
                }
                d[k] = rows.get(k).get("d").asDouble();
            }
            String name = file.getFileName().toString().replace(".json", "");
            return new ReferenceInstance(benchmark, name, g, new Interval(b.lower(), b.upper()), c, d, j);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reference lower or upper bounds of method m ("ibp", "crown", "alpha-crown") on outputs or margins. */
    double[] reference(String method, boolean margin, boolean upper) {
        JsonNode m = margin ? json.get("margin").get(method) : json.get("methods").get(method);
        JsonNode arr = m.get(upper ? "upper" : "lower");
        double[] r = new double[arr.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = arr.get(i).asDouble();
        }
        return r;
    }

    static double[][] identity(int n) {
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1;
        }
        return c;
    }
}
