package io.netverify.benchmarks;

import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.VnnlibParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a reference bounds file ({@code shared/reference/bounds/<bench>/<instance>.json}) for the bound benchmarks. */
final class ReferenceJson {
    private ReferenceJson() {
    }

    /** A reference instance: the file's text, its network, the first case's box and margin rows. */
    record Instance(String text, Graph graph, Interval box, double[][] c) {
        /** The bounds of the spec's margins (offsets 0, as in the reference files) with a propagator so configured. */
        Bounds margins(UnaryOperator<BoundPropagator> settings) {
            return settings.apply(BoundPropagator.of(graph)).compute(box, c, new double[c.length]);
        }
    }

    /** Loads the instance of {@code shared/reference/bounds/<relative>} from the shared benchmarks. */
    static Instance load(Path shared, String relative) throws IOException {
        Path json = shared.resolve("reference/bounds").resolve(relative);
        String text = Files.readString(json);
        String bench = json.getParent().getFileName().toString();
        Path dir = shared.resolve("benchmarks").resolve(bench.equals("mnistfc") ? "mnist_fc" : bench);
        Graph g = OnnxModel.read(dir.resolve(field(text, "onnx"))).toGraph();
        SpecCase sc = VnnlibParser.parse(dir.resolve(field(text, "vnnlib"))).cases().get(0);
        Interval box = new Interval(sc.box().lower(), sc.box().upper());
        return new Instance(text, g, box, margins(sc, g.shape(g.outputs().get(0)).size()));
    }

    /** A top-level string field, e.g. "onnx" or "vnnlib". */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no field " + name);
        }
        return m.group(1);
    }

    /** margin.seconds.<method> (NaN when absent). */
    static double marginSeconds(String json, String method) {
        Matcher m = Pattern.compile("\"seconds\"\\s*:\\s*\\{[^}]*\"" + Pattern.quote(method) + "\"\\s*:\\s*([0-9.eE-]+)")
            .matcher(json);
        return m.find(json.indexOf("\"margin\"")) ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The robustness margins of the spec's first case: one row per atom, as in the reference. */
    static double[][] margins(SpecCase sc, int outputs) {
        List<double[]> rows = new ArrayList<>();
        for (OutputPolytope p : sc.polytopes()) {
            rows.addAll(Arrays.asList(p.c()));
        }
        return rows.stream().map(r -> Arrays.copyOf(r, outputs)).toArray(double[][]::new);
    }

    /** Wall seconds of one run. */
    static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e9;
    }
}
