package io.netverify.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gzipped networks load like plain ones, under either name; corrupt gzip data is a clear error. */
class InputFilesTest {
    @TempDir
    Path dir;

    private static byte[] model() {
        return new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, OnnxModelBuilder.BATCH, 2)
            .initializer("W", Tensor.of(Shape.of(2, 2), 1, -1, 2, 0.5), DataType.FLOAT)
            .node("Gemm", List.of("x", "W"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, OnnxModelBuilder.BATCH, 2)
            .build();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static double[] evaluate(Path file) {
        return new Evaluator(OnnxModel.read(file).toGraph()).evaluate(new double[] {1, 2});
    }

    @Test
    void gzippedModelEvaluatesLikeThePlainOne() throws IOException {
        byte[] plain = model();
        Path p = Files.write(dir.resolve("net.onnx"), plain);
        Path gz = Files.write(dir.resolve("net.onnx.gz"), gzip(plain));
        // compressed under a plain name, too: detection is by content, not by file name
        Path misnamed = Files.write(dir.resolve("other.onnx"), gzip(plain));
        double[] expected = evaluate(p);
        assertArrayEquals(new double[] {-1, 3}, expected, 0);
        assertArrayEquals(expected, evaluate(gz), 0);
        assertArrayEquals(expected, evaluate(misnamed), 0);
        assertArrayEquals(plain, InputFiles.readAllBytes(gz));
    }

    @Test
    void missingFileFallsBackToItsGzippedSibling() throws IOException {
        Files.write(dir.resolve("only.onnx.gz"), gzip(model()));
        assertArrayEquals(model(), InputFiles.readAllBytes(dir.resolve("only.onnx")));
        assertThrows(NoSuchFileException.class, () -> InputFiles.readAllBytes(dir.resolve("none.onnx")));
        ModelException e = assertThrows(ModelException.class, () -> OnnxModel.read(dir.resolve("none.onnx")));
        assertTrue(e.getMessage().endsWith("none.onnx: no such file"), e.getMessage());
    }

    @Test
    void truncatedGzipIsAReadError() throws IOException {
        byte[] gz = gzip(model());
        Path cut = Files.write(dir.resolve("cut.onnx.gz"), Arrays.copyOf(gz, gz.length / 2));
        ModelException e = assertThrows(ModelException.class, () -> OnnxModel.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": cannot read: corrupt gzip data in cut.onnx.gz"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
