package io.netverify.cli;

import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.PassModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands see the function in the file (issue 12): GELU with its own float32 constants,
 * casts that round, Gemm with transA on a computed operand or with the computed operand as B, several outputs as one vector.
 */
class GraphSemanticsCliTest extends CliTestSupport {
    @TempDir
    Path dir;

    private Path model(PassModels.Model m) throws IOException {
        return Files.write(dir.resolve(m.name() + ".onnx"), m.bytes());
    }

    /** Inputs X_0..X_{n-1} in [lo, hi], outputs Y_0..Y_{m-1} declared, then the assertions. */
    private Path spec(int inputs, double lo, double hi, int outputs, String asserts) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < inputs; i++) {
            s.append("(declare-const X_").append(i).append(" Real)\n");
        }
        for (int i = 0; i < outputs; i++) {
            s.append("(declare-const Y_").append(i).append(" Real)\n");
        }
        for (int i = 0; i < inputs; i++) {
            s.append("(assert (>= X_").append(i).append(' ').append(lo).append("))\n");
            s.append("(assert (<= X_").append(i).append(' ').append(hi).append("))\n");
        }
        return Files.writeString(dir.resolve("spec" + System.nanoTime() + ".vnnlib"), s + asserts + "\n");
    }

    @Test
    void torchGeluIsNotProvedSafeWhereItIsNot() throws IOException {
        // x = -1 gives -0.15865524979 >= -0.15865525186: violated; the textbook GELU's maximum is below
        Path m = model(PassModels.geluErf());
        Path s = spec(3, -1, -0.9, 3, "(assert (>= Y_0 -0.15865525186088075))");
        assertEquals(0, run("run", "--onnx", m.toString(), "--vnnlib", s.toString(), "--timeout", "1", "-q"));
        assertNotEquals("unsat", out.strip());
        assertEquals(0, run("bounds", "--onnx", m.toString(), "--vnnlib", s.toString()));
        assertTrue(out.contains("margin 0") && !out.contains("excluded"), out);
    }

    @Test
    void float16RoundTripIsEvaluatedAndBoundedWithItsRounding() throws IOException {
        Path single = Files.write(dir.resolve("fp16.onnx"), new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 1)
            .node("Cast", List.of("x"), List.of("h"), Map.of("to", (long) DataType.FLOAT16.onnxCode()))
            .node("Cast", List.of("h"), List.of("y"), Map.of("to", (long) DataType.FLOAT.onnxCode()))
            .output("y", DataType.FLOAT, 1, 1).build());
        Path issue = spec(1, 0.1, 0.1, 1, "(assert (<= Y_0 0.09999))");
        assertEquals(0, run("run", "--onnx", single.toString(), "--vnnlib", issue.toString(), "--timeout", "5", "-q"));
        assertEquals("sat", out.strip());
        assertEquals(0, run("eval", "--onnx", single.toString(), "--input", "0.1"));
        assertEquals("Y_0 0.0999755859375", out.strip());
    }

    @Test
    void gemmWithTransposedComputedOperandIsBounded() throws IOException {
        assertFarOutputExcluded(PassModels.gemmTransposedA());
    }

    @Test
    void gemmWithConstantAAndComputedBIsBounded() throws IOException {
        assertFarOutputExcluded(PassModels.gemmConstantA());
    }

    /** A model of two inputs in [-1, 1] and three outputs: bounds exclude Y_0 >= 1000 and run proves it. */
    private void assertFarOutputExcluded(PassModels.Model model) throws IOException {
        Path m = model(model);
        Path s = spec(2, -1, 1, 3, "(assert (>= Y_0 1000))");
        assertEquals(0, run("bounds", "--onnx", m.toString(), "--vnnlib", s.toString()), err);
        assertTrue(out.contains("excluded"), out);
        assertEquals(0, run("run", "--onnx", m.toString(), "--vnnlib", s.toString(), "--timeout", "5", "-q"), err);
        assertEquals("unsat", out.strip());
    }

    @Test
    void gemmOfTwoComputedOperandsIsAnInputErrorForBounds() throws IOException {
        Path m = Files.write(dir.resolve("gemm_product.onnx"), new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .node("Transpose", List.of("x"), List.of("xt"), Map.of("perm", new long[] {1, 0}))
            .node("Gemm", List.of("xt", "x"), List.of("y"))
            .output("y", DataType.FLOAT, 2, 2).build());
        Path s = spec(2, -1, 1, 4, "(assert (>= Y_0 1000))");
        assertEquals(2, run("bounds", "--onnx", m.toString(), "--vnnlib", s.toString()), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains("Gemm") && err.contains("exactly one of A and B") && !err.contains("internal"), err);
        assertEquals(0, run("run", "--onnx", m.toString(), "--vnnlib", s.toString(), "--timeout", "5"), err);
        assertNotEquals("unsat", out.strip());
    }

    @Test
    void severalOutputsAreOneVectorEverywhere() throws IOException {
        // outputs y = relu(x W) [1, 2], z = -x [1, 2], v = x W [2]: Y_0..Y_5
        Path m = model(PassModels.severalOutputs());
        assertEquals(0, run("eval", "--onnx", m.toString(), "--input", "0.5, -0.25"));
        List<String> lines = out.strip().lines().toList();
        assertEquals(6, lines.size(), out);
        assertEquals("Y_2 -0.5", lines.get(2));
        assertEquals("Y_3 0.25", lines.get(3));
        Path holds = spec(2, -1, 1, 6, "(assert (>= Y_2 1.5))");
        assertEquals(0, run("bounds", "--onnx", m.toString(), "--vnnlib", holds.toString()), err);
        assertTrue(out.contains("Y_5") && out.contains("excluded"), out);
        assertEquals(0, run("run", "--onnx", m.toString(), "--vnnlib", holds.toString(), "--timeout", "5", "-q"), err);
        assertEquals("unsat", out.strip());
        Path violated = spec(2, -1, 1, 6, "(assert (>= Y_3 0.9))");
        assertEquals(0, run("run", "--onnx", m.toString(), "--vnnlib", violated.toString(), "--timeout", "5", "-q"), err);
        assertEquals("sat", out.strip());
        Path wrongCount = spec(2, -1, 1, 2, "(assert (>= Y_1 0.9))");
        assertEquals(2, run("run", "--onnx", m.toString(), "--vnnlib", wrongCount.toString()));
        assertTrue(err.contains("6 outputs"), err);
    }
}
