package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.OnnxModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the gate example ({@code examples/gate}): a small seeded ReLU MLP (8 inputs, two hidden
 * layers of 24, 3 classes), labelled points in [0, 1] as CSV (the model's own predictions, with every
 * fifteenth label changed so that clean accuracy is below 1) and a gate configuration that passes.
 * Run {@code java -cp cli/target/netverify.jar io.netverify.cli.GateExample examples/gate} to
 * regenerate; a test checks that the committed files are exactly what this writes.
 */
public final class GateExample {
    static final String MODEL = "model.onnx";
    static final String POINTS = "points.csv";
    static final String CONFIG = "gate.yaml";
    private static final int[] LAYERS = {8, 24, 24, 3};
    private static final int POINTS_COUNT = 60;

    private GateExample() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "examples/gate"));
    }

    /** Writes the model, the points and the configuration into {@code dir}. */
    static void write(Path dir) throws IOException {
        byte[] model = ExampleGenerator.mlp(LAYERS, 14);
        AtomicFiles.write(dir.resolve(MODEL), model);
        Evaluator net = new Evaluator(OnnxModel.parse(model, MODEL).toGraph());
        SplittableRandom rnd = new SplittableRandom(14);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < LAYERS[0]; i++) {
            csv.append("x").append(i).append(',');
        }
        csv.append("label\n");
        for (int p = 0; p < POINTS_COUNT; p++) {
            double[] x = new double[LAYERS[0]];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(rnd.nextDouble() * 1000) / 1000.0;
                csv.append(String.format(Locale.ROOT, "%.3f,", x[i]));
            }
            double[] y = net.evaluate(x);
            int label = 0;
            for (int j = 1; j < y.length; j++) {
                label = y[j] > y[label] ? j : label;
            }
            csv.append(p % 15 == 7 ? (label + 1) % LAYERS[LAYERS.length - 1] : label).append('\n');
        }
        AtomicFiles.write(dir.resolve(POINTS), csv.toString());
        AtomicFiles.write(dir.resolve(CONFIG), CONFIG_TEXT);
    }

    private static final String CONFIG_TEXT = """
        # A robustness gate for the example classifier (see the README, "CI robustness gate").
        model: model.onnx
        data:
          points: points.csv        # features, then the label, per row
          range: [0, 1]             # boxes are clipped to the data's value range
        specs:
          - name: linf-0.01
            eps: 0.01
            method: crown
            timeout_per_point: 5
            thresholds:
              clean_accuracy: {min: 0.9}
              certified_accuracy: {min: 0.8}
              unknown_rate: {max: 0.1}
          - name: linf-0.05
            eps: 0.05
            method: complete
            timeout_per_point: 5
            thresholds:
              certified_accuracy: {min: 0.5}
        unknown: neutral            # or failure: an unknown point fails the gate
        budget: 300
        reports:
          junit: reports/junit.xml
          json: reports/gate.json
          markdown: reports/summary.md
          counterexamples: reports/counterexamples
        """;
}
