package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the bundled example: a small seeded ReLU MLP (4 inputs, two hidden layers of 16, 3
 * classes) and three local-robustness properties around one point: a tight one (interval bounds prove
 * it), a loose one (violated) and one between them that only branch and bound proves; {@code bin/verify}
 * runs all three once to list the classes its start-up archive holds.
 * Run {@code java -cp cli/target/netverify.jar io.netverify.cli.ExampleGenerator examples} to
 * regenerate; a test checks that the committed files are exactly what this writes.
 */
public final class ExampleGenerator {
    static final String NETWORK = "tiny_relu_mlp.onnx";
    static final String ROBUST_SPEC = "tiny_relu_mlp_robust.vnnlib";
    static final String FALSIFIABLE_SPEC = "tiny_relu_mlp_falsifiable.vnnlib";
    static final String BRANCHING_SPEC = "tiny_relu_mlp_branching.vnnlib";
    private static final int[] LAYERS = {4, 16, 16, 3};
    private static final double[] CENTRE = {0.5, -0.25, 0.125, 0.75};

    private ExampleGenerator() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "examples"));
    }

    /** Writes the network and the three specs into {@code dir}. */
    static void write(Path dir) throws IOException {
        byte[] model = network();
        AtomicFiles.write(dir.resolve(NETWORK), model);
        double[] y = new Evaluator(OnnxModel.parse(model, NETWORK).toGraph()).evaluate(CENTRE);
        int label = 0;
        for (int j = 1; j < y.length; j++) {
            label = y[j] > y[label] ? j : label;
        }
        AtomicFiles.write(dir.resolve(ROBUST_SPEC), robustness(label, 0.01));
        AtomicFiles.write(dir.resolve(FALSIFIABLE_SPEC), robustness(label, 0.5));
        AtomicFiles.write(dir.resolve(BRANCHING_SPEC), robustness(label, 0.3));
    }

    static byte[] network() {
        return mlp(LAYERS, 2026);
    }

    /** A seeded ReLU MLP (Gemm layers, He-uniform weights) with a symbolic batch dimension, as ONNX bytes. */
    static byte[] mlp(int[] layers, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        OnnxModelBuilder b = new OnnxModelBuilder().opset(13)
            .input("input", DataType.FLOAT, OnnxModelBuilder.BATCH, layers[0]);
        String x = "input";
        for (int l = 1; l < layers.length; l++) {
            int in = layers[l - 1];
            int out = layers[l];
            double[] w = new double[out * in];
            double[] bias = new double[out];
            for (int i = 0; i < w.length; i++) {
                w[i] = (rnd.nextDouble() * 2 - 1) * Math.sqrt(6.0 / in);
            }
            for (int i = 0; i < out; i++) {
                bias[i] = (rnd.nextDouble() * 2 - 1) * 0.1;
            }
            b.initializer("W" + l, Tensor.of(Shape.of(out, in), w), DataType.FLOAT)
                .initializer("b" + l, Tensor.of(Shape.of(out), bias), DataType.FLOAT)
                .node("Gemm", List.of(x, "W" + l, "b" + l), List.of("z" + l), Map.of("transB", 1L));
            x = "z" + l;
            if (l < layers.length - 1) {
                b.node("Relu", List.of(x), List.of("h" + l));
                x = "h" + l;
            }
        }
        return b.output(x, DataType.FLOAT, OnnxModelBuilder.BATCH, layers[layers.length - 1]).build();
    }

    /** "Class {@code label} stays the top output for every input within eps of the centre (L-inf)". */
    static String robustness(int label, double eps) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "; Local robustness of %s: class %d within L-inf radius %s of the centre.%n",
            NETWORK, label, eps));
        sb.append("; The assertions describe a counterexample: an input in the box where another class scores at least as high.\n");
        for (int i = 0; i < LAYERS[0]; i++) {
            sb.append("(declare-const X_").append(i).append(" Real)\n");
        }
        for (int j = 0; j < LAYERS[LAYERS.length - 1]; j++) {
            sb.append("(declare-const Y_").append(j).append(" Real)\n");
        }
        for (int i = 0; i < LAYERS[0]; i++) {
            sb.append(String.format(Locale.ROOT, "(assert (>= X_%d %s))%n(assert (<= X_%d %s))%n",
                i, CENTRE[i] - eps, i, CENTRE[i] + eps));
        }
        sb.append("(assert (or\n");
        for (int j = 0; j < LAYERS[LAYERS.length - 1]; j++) {
            if (j != label) {
                sb.append(String.format(Locale.ROOT, "    (and (>= Y_%d Y_%d))%n", j, label));
            }
        }
        return sb.append("))\n").toString();
    }
}
