package io.netverify.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models written by {@link OnnxWriter} run in ONNX Runtime and compute what plain loops compute. */
class OnnxWriterTest {
    private static final long BATCH = OnnxModelBuilder.BATCH;

    static Stream<Arguments> storageAndEncoding() {
        return Stream.of(DataType.FLOAT, DataType.DOUBLE).flatMap(type ->
            Stream.of(TensorEncoding.values()).map(encoding -> Arguments.of(type, encoding)));
    }

    @ParameterizedTest
    @MethodSource("storageAndEncoding")
    void gemmReluMlpMatchesLoops(DataType storage, TensorEncoding encoding) {
        Random rnd = new Random(1);
        Tensor w1 = random(rnd, storage, 6, 3);
        Tensor b1 = random(rnd, storage, 6);
        Tensor w2 = random(rnd, storage, 2, 6);
        Tensor b2 = random(rnd, storage, 2);
        byte[] model = new OnnxModelBuilder()
            .input("x", storage, 1, 3)
            .initializer("W1", w1, storage).initializer("B1", b1, storage)
            .initializer("W2", w2, storage).initializer("B2", b2, storage)
            .node("Gemm", List.of("x", "W1", "B1"), List.of("h"), Map.of("transB", 1L))
            .node("Relu", List.of("h"), List.of("r"))
            .node("Gemm", List.of("r", "W2", "B2"), List.of("y"), Map.of("transB", 1L))
            .output("y", storage, 1, 2)
            .tensorEncoding(encoding)
            .build();
        double[] x = round(storage, new double[] {0.5, -0.25, 0.75});
        double[] h = dense(x, w1, b1);
        assertTrue(Arrays.stream(h).anyMatch(v -> v < 0) && Arrays.stream(h).anyMatch(v -> v > 0), "ReLU must matter");
        double[] expected = dense(relu(h), w2, b2);
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            assertClose(expected, ort.evaluate(x), tolerance(storage));
        }
    }

    @ParameterizedTest
    @EnumSource(TensorEncoding.class)
    void convMatchesLoops(TensorEncoding encoding) {
        Random rnd = new Random(2);
        Tensor w = random(rnd, DataType.FLOAT, 3, 2, 3, 3);
        Tensor b = random(rnd, DataType.FLOAT, 3);
        byte[] model = new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1, 2, 5, 5)
            .initializer("W", w, DataType.FLOAT).initializer("B", b, DataType.FLOAT)
            .node("Conv", List.of("x", "W", "B"), List.of("y"), Map.of(
                "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}))
            .output("y", DataType.FLOAT, 1, 3, 3, 3)
            .tensorEncoding(encoding)
            .build();
        double[] x = random(rnd, DataType.FLOAT, 50).data();
        double[] expected = new double[27];
        for (int o = 0; o < 3; o++) {
            for (int oy = 0; oy < 3; oy++) {
                for (int ox = 0; ox < 3; ox++) {
                    double s = b.get(o);
                    for (int c = 0; c < 2; c++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = 2 * oy - 1 + ky;
                                int ix = 2 * ox - 1 + kx;
                                if (iy >= 0 && iy < 5 && ix >= 0 && ix < 5) {
                                    s += x[(c * 5 + iy) * 5 + ix] * w.get(((o * 2 + c) * 3 + ky) * 3 + kx);
                                }
                            }
                        }
                    }
                    expected[(o * 3 + oy) * 3 + ox] = s;
                }
            }
        }
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            assertClose(expected, ort.evaluate(x), 1e-5);
        }
    }

    @ParameterizedTest
    @EnumSource(TensorEncoding.class)
    void constantNodesFeedMulAddAndReshape(TensorEncoding encoding) {
        byte[] model = new OnnxModelBuilder()
            .input("x", DataType.FLOAT, 1, 4)
            .constantNode("scale", Tensor.of(Shape.of(4), 2, -1, 0.5, 3), DataType.FLOAT)
            .constantNode("shift", Tensor.scalar(0.25), DataType.FLOAT)
            .constantNode("shape", Tensor.ints(2, 2))
            .node("Mul", List.of("x", "scale"), List.of("m"))
            .node("Add", List.of("m", "shift"), List.of("a"))
            .node("Reshape", List.of("a", "shape"), List.of("y"))
            .output("y", DataType.FLOAT, 2, 2)
            .tensorEncoding(encoding)
            .build();
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            assertArrayEquals(new double[] {2.25, 1.25, 0.75, 12.25}, ort.evaluate(new double[] {1, -1, 1, 4}));
        }
    }

    @Test
    void symbolicBatchDimensionIsSymbolicForTheRuntime() {
        Random rnd = new Random(3);
        Tensor w = random(rnd, DataType.FLOAT, 2, 3);
        byte[] model = new OnnxModelBuilder()
            .input("x", DataType.FLOAT, BATCH, 3)
            .initializer("W", w, DataType.FLOAT)
            .node("Gemm", List.of("x", "W"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, BATCH, 2)
            .build();
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            assertArrayEquals(new long[] {-1, 3}, ort.inputShapes().get(0));
            double[] x = {1, 2, -3};
            assertClose(dense(x, w, null), ort.evaluate(x), 1e-5);
        }
    }

    @Test
    void initializersListedAsInputsKeepTheirValues() {
        byte[] model = new OnnxModelBuilder()
            .opset(9)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("W", Tensor.of(Shape.of(2, 1), 2, -3), DataType.FLOAT)
            .initializersAsInputs(true)
            .node("MatMul", List.of("x", "W"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 1)
            .build();
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(model)) {
            assertEquals(2, ort.inputSize());
            assertArrayEquals(new double[] {2 * 5 - 3 * 7}, ort.evaluate(new double[] {5, 7}));
        }
    }

    @Test
    void writtenFileRunsLikeTheBytes(@TempDir Path dir) throws Exception {
        OnnxModelBuilder builder = new OnnxModelBuilder()
            .input("x", DataType.DOUBLE, 1, 3)
            .node("Sigmoid", List.of("x"), List.of("y"))
            .output("y", DataType.DOUBLE, 1, 3);
        Path file = dir.resolve("nets/sigmoid.onnx");
        builder.write(file);
        double[] x = {-2, 0, 1.5};
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = 1 / (1 + Math.exp(-x[i]));
        }
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(file)) {
            assertClose(expected, ort.evaluate(x), 1e-12);
        }
    }

    /** x[in] times W[out, in] transposed plus b[out], in double. */
    private static double[] dense(double[] x, Tensor w, Tensor b) {
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b.get(o);
            for (int i = 0; i < in; i++) {
                s += x[i] * w.get(o * in + i);
            }
            y[o] = s;
        }
        return y;
    }

    private static double[] relu(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.max(0, v[i]);
        }
        return r;
    }

    /** Uniform values in [-1, 1), already representable in {@code type} so loops see the stored weights. */
    private static Tensor random(Random rnd, DataType type, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 2 * rnd.nextDouble() - 1;
        }
        return new Tensor(type, shape, round(type, d));
    }

    private static double[] round(DataType type, double[] v) {
        double[] r = v.clone();
        if (type == DataType.FLOAT) {
            for (int i = 0; i < r.length; i++) {
                r[i] = (float) r[i];
            }
        }
        return r;
    }

    private static double tolerance(DataType type) {
        return type == DataType.FLOAT ? 1e-5 : 1e-12;
    }

    static void assertClose(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "number of outputs");
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], allowed, "output " + i);
        }
    }
}
