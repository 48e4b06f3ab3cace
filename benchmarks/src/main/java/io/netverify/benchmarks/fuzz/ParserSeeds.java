package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.DataType;
import io.netverify.onnx.InputFiles;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.TensorEncoding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Seed inputs for the parser fuzzers: small synthetic models and specifications that reach the
 * reader's main paths (raw and typed tensor data, Constant nodes, shape arithmetic that folds,
 * convolutions, every VNN-LIB construct), and every file of a kind under a shared benchmark folder.
 */
public final class ParserSeeds {
    private ParserSeeds() {
    }

    /** Small ONNX models built here. */
    public static List<byte[]> syntheticOnnx() {
        List<byte[]> seeds = new ArrayList<>();
        for (TensorEncoding encoding : TensorEncoding.values()) {
            seeds.add(new OnnxModelBuilder().opset(13).tensorEncoding(encoding)
                .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 2)
                .initializer("W", Tensor.of(Shape.of(2, 2), 1, -1, 2, 1), DataType.FLOAT)
                .initializer("b", Tensor.of(Shape.of(2), 0, -1), DataType.DOUBLE)
                .node("Gemm", List.of("x", "W", "b"), List.of("z"), Map.of("transB", 1L))
                .node("Relu", List.of("z"), List.of("y"))
                .output("y", DataType.FLOAT, 1, 2).build());
        }
        seeds.add(new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1, 1, 4, 4)
            .initializer("k", Tensor.of(Shape.of(2, 1, 2, 2), 1, 0, 0, 1, 0.5, -0.5, 0.25, 2), DataType.DOUBLE)
            .node("Conv", List.of("x", "k"), List.of("c"), Map.of("strides", new long[] {2, 2}, "pads", new long[] {0, 0, 0, 0}))
            .node("Shape", List.of("c"), List.of("s"))
            .constantNode("zero", Tensor.ints(0))
            .node("Gather", List.of("s", "zero"), List.of("n"), Map.of("axis", 0L))
            .constantNode("minus1", Tensor.ints(-1))
            .node("Concat", List.of("n", "minus1"), List.of("shape"), Map.of("axis", 0L))
            .node("Reshape", List.of("c", "shape"), List.of("flat"))
            .node("Sigmoid", List.of("flat"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 8).build());
        seeds.add(new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1, 3)
            .constantNode("dims", Tensor.ints(1, 3))
            .node("ConstantOfShape", List.of("dims"), List.of("ones"), Map.of("value", Tensor.of(Shape.of(1), 1)))
            .node("Add", List.of("x", "ones"), List.of("a"))
            .initializer("p", Tensor.scalar(2))
            .node("Pow", List.of("a", "p"), List.of("sq"))
            .node("Expand", List.of("sq", "dims"), List.of("e"))
            .constantNode("starts", Tensor.ints(1))
            .constantNode("ends", Tensor.ints(3))
            .constantNode("axes", Tensor.ints(1))
            .node("Slice", List.of("e", "starts", "ends", "axes"), List.of("sl"))
            .node("Softmax", List.of("sl"), List.of("y"), Map.of("axis", 1L))
            .output("y", DataType.FLOAT, 1, 2).build());
        return seeds;
    }

    /** Small VNN-LIB specifications written here. */
    public static List<byte[]> syntheticVnnlib() {
        String header = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n";
        List<String> specs = List.of(
            header + "(assert (<= X_0 1))\n(assert (>= X_0 -1))\n(assert (<= X_1 0.5))\n(assert (>= X_1 0.25))\n(assert (<= Y_0 Y_1))\n",
            header + "; comment\n(assert (and (<= X_0 1.5e-3) (>= X_0 (- 2E+01)) (<= X_1 +3e2) (>= X_1 -.5)))\n"
                + "(assert (or (and (>= Y_0 1e-400) (<= Y_1 0.1)) (and (<= Y_0 Y_1)) (> Y_1 7)))\n",
            header + "(assert (or (and (<= X_0 1) (>= X_0 0) (<= X_1 1) (>= X_1 0)) (and (= X_0 0.5) (<= X_1 2) (>= X_1 1))))\n"
                + "(assert (<= X_0 X_1))\n(assert (< Y_0 (- 3.991125645861615)))\n",
            "\uFEFF" + header + "(assert (<= X_0 1)) (assert (>= X_0 0)) (assert (<= X_1 1)) (assert (>= X_1 0))\n"
                + "(assert (or (and (<= Y_0 -1) (>= Y_0 1)) (and (>= Y_1 0))))\n");
        return specs.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Every file under {@code root} whose name ends with {@code extension} or with it and ".gz", decompressed. */
    public static List<byte[]> filesUnder(Path root, String extension) {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> paths = files.filter(Files::isRegularFile)
                .filter(p -> p.toString().endsWith(extension) || p.toString().endsWith(extension + ".gz"))
                .sorted().toList();
            List<byte[]> out = new ArrayList<>();
            for (Path p : paths) {
                out.add(InputFiles.readAllBytes(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
