package io.netverify.cli;

import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.TinyReluNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verify lipschitz} and {@code verify jacobian} end to end on y = relu(W x + b), W = [[1, -1],
 * [2, 1]], b = [0, -1] over [0, 1]^2, whose exact l_inf local Lipschitz constants are 2 (y_0, gradient
 * (1, -1) where active) and 3 (y_1, gradient (2, 1)).
 */
class LipschitzCliTest extends CliTestSupport {
    @TempDir
    Path dir;
    Path model;
    Path spec;

    @BeforeEach
    void write() throws IOException {
        model = Files.write(dir.resolve("net.onnx"), TinyReluNetwork.bytes());
        spec = Files.writeString(dir.resolve("box.vnnlib"), "(declare-const X_0 Real)\n(declare-const X_1 Real)\n"
            + "(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n(assert (>= X_0 0))\n(assert (<= X_0 1))\n"
            + "(assert (>= X_1 0))\n(assert (<= X_1 1))\n(assert (>= Y_0 5))\n");
    }

    private static List<Double> numbers(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([-0-9.eE+]+)").matcher(json);
        List<Double> v = new java.util.ArrayList<>();
        while (m.find()) {
            v.add(Double.parseDouble(m.group(1)));
        }
        return v;
    }

    @Test
    void everyMethodCertifiesTheExactConstantsOrMore() {
        for (String method : new String[] {"naive", "ibp", "crown", "alpha-crown", "bab"}) {
            assertEquals(0, run("lipschitz", "--onnx", model.toString(), "--vnnlib", spec.toString(), "--method", method, "--json"),
                err);
            List<Double> upper = numbers(out, "upper");
            List<Double> lower = numbers(out, "lower");
            assertEquals(2, upper.size(), out);
            for (int k = 0; k < 2; k++) {
                double exact = k == 0 ? 2 : 3;
                assertTrue(upper.get(k) >= exact && lower.get(k) <= exact, method + ": " + out);
                assertEquals(exact, lower.get(k), 1e-12, method + ": sampling finds the active region: " + out);
                if (!method.equals("naive") && !method.equals("ibp")) {
                    assertEquals(exact, upper.get(k), 1e-9, method + ": " + out);
                }
            }
            assertEquals(3, numbers(out, "max_upper").get(0), method.equals("naive") || method.equals("ibp") ? 10 : 1e-9, out);
        }
        assertTrue(out.contains("\"status\":\"converged\""), out);
    }

    @Test
    void tableWithABallAroundAPointAndOtherNorms() throws IOException {
        Path centre = Files.writeString(dir.resolve("x.txt"), "0.5, 0.2\n");
        assertEquals(0, run("lipschitz", "--onnx", model.toString(), "--center", centre.toString(), "--eps", "0.1",
            "--output", "1", "--norm", "l2"), err);
        // y_1 is active on the whole ball: its gradient (2, 1) has l_2 norm sqrt(5)
        assertTrue(out.contains("y1") && out.contains("2.2360680"), out);
        assertTrue(out.contains("l_2 norm from the per-entry bounds"), out);
        assertEquals(0, run("lipschitz", "--onnx", model.toString(), "--center", centre.toString(), "--eps", "0.1",
            "--coeffs", "1,-1", "--norm", "l1", "--json"), err);
        // c = (1, -1): gradient (1, -1) - (2, 1) = (-1, -2), l_inf norm 2
        assertEquals(2, numbers(out, "upper").get(0), 1e-9, out);
    }

    /**
     * Around (0.25, 0.25) with eps 0.1, y_1's pre-activation 2 x0 + x1 - 1 is -0.25 +- 0.1 sqrt(5) < 0
     * on the l_2 ball (gradient 0) but reaches 0.05 in its box (gradient (2, 1), l_2 norm sqrt(5)).
     */
    @Test
    void l2BallRegion() throws IOException {
        Path centre = Files.writeString(dir.resolve("c.txt"), "0.25 0.25\n");
        assertEquals(0, run("lipschitz", "--onnx", model.toString(), "--center", centre.toString(), "--eps", "0.1",
            "--output", "1", "--norm", "l2", "--region", "ball", "--json"), err);
        assertTrue(numbers(out, "upper").get(0) < 1e-300, out);
        assertTrue(out.contains("\"region\":\"l2 ball of radius 0.1\"") && out.contains("over the l_2 ball of radius 0.1"), out);
        assertEquals(0, run("lipschitz", "--onnx", model.toString(), "--center", centre.toString(), "--eps", "0.1",
            "--output", "1", "--norm", "l2"), err);
        assertTrue(out.contains("region box") && out.contains("2.2360680"), out);
        for (String[] bad : new String[][] {{"--vnnlib", spec.toString(), "--region", "ball"},
            {"--center", centre.toString(), "--eps", "0.1", "--range", "0,1", "--region", "ball"},
            {"--center", centre.toString(), "--eps", "0.1", "--region", "ball", "--method", "bab"},
            {"--center", centre.toString(), "--eps", "0.1", "--region", "disc"}}) {
            String[] args = new String[bad.length + 3];
            args[0] = "lipschitz";
            args[1] = "--onnx";
            args[2] = model.toString();
            System.arraycopy(bad, 0, args, 3, bad.length);
            assertEquals(2, run(args), String.join(" ", bad));
            assertOneLine("--region");
        }
    }

    @Test
    void badInputGivesOneLineAndExitTwo() throws IOException {
        assertEquals(2, run("lipschitz", "--onnx", model.toString(), "--vnnlib", spec.toString(), "--norm", "l3"));
        assertOneLine("--norm");
        assertEquals(2, run("lipschitz", "--onnx", model.toString(), "--center", spec.toString()));
        assertOneLine("--eps");
        Path shortPoint = Files.writeString(dir.resolve("p.txt"), "0.5");
        assertEquals(2, run("lipschitz", "--onnx", model.toString(), "--center", shortPoint.toString(), "--eps", "1"));
        assertOneLine("p.txt", "1 numbers", "2");
        assertEquals(2, run("lipschitz", "--onnx", model.toString(), "--vnnlib", spec.toString(), "--coeffs", "1,2,3"));
        assertOneLine("--coeffs", "3");
        assertEquals(2, run("lipschitz", "--onnx", model.toString(), "--vnnlib", spec.toString(), "--method", "bab",
            "--norm", "l1"));
        assertOneLine("bab");
    }

    @Test
    void jacobianBoundsAndMonotonicity() throws IOException {
        assertEquals(0, run("jacobian", "--onnx", model.toString(), "--vnnlib", spec.toString()), err);
        assertTrue(out.matches("(?s).*dY_1/dX_0 +\\[-?[0-9.e-]+, 2\\.00000000\\].*"), out);
        assertEquals(0, run("jacobian", "--onnx", model.toString(), "--vnnlib", spec.toString(), "--monotone", "1", "--json"),
            err);
        assertTrue(out.contains("\"output\":0") && out.contains("\"direction\":\"non-increasing\""), out);
        assertTrue(out.contains("\"direction\":\"non-decreasing\""), out);
        Path bump = bump();
        assertEquals(0, run("jacobian", "--onnx", bump.toString(), "--vnnlib", spec.toString().replace("box", "box"),
            "--monotone", "0"), err);
        assertTrue(out.contains("violated") && out.contains("> 0 at [") && out.contains("< 0 at ["), out);
        assertEquals(0, run("jacobian", "--onnx", bump.toString(), "--vnnlib", spec.toString(), "--monotone", "1"), err);
        assertTrue(out.contains("holds"), out);
        assertFalse(out.contains("violated"), out);
        assertEquals(2, run("jacobian", "--onnx", bump.toString(), "--vnnlib", spec.toString(), "--monotone", "2"));
        assertOneLine("--monotone", "2");
    }

    /**
     * Over the l_2 ball of radius 0.1 around (0.25, 0.25), y_1's pre-activation is negative (see
     * {@link #l2BallRegion}): its Jacobian row is 0, certified exactly; the l_inf box of the same radius
     * reaches the active side. Monotonicity witnesses over a ball lie in the ball.
     */
    @Test
    void jacobianOverABall() throws IOException {
        Path centre = Files.writeString(dir.resolve("c.txt"), "0.25 0.25\n");
        assertEquals(0, run("jacobian", "--onnx", model.toString(), "--center", centre.toString(), "--eps", "0.1",
            "--region", "ball", "--norm", "l2", "--json"), err);
        assertTrue(out.contains("\"region\":\"l2 ball of radius 0.1\""), out);
        Matcher row1 = Pattern.compile("\"output\":1,\"lower\":\\[([^,]+),([^\\]]+)\\],\"upper\":\\[([^,]+),([^\\]]+)\\]")
            .matcher(out);
        assertTrue(row1.find(), out);
        for (int i = 1; i <= 4; i++) {
            assertTrue(Math.abs(Double.parseDouble(row1.group(i))) < 1e-300, "0 up to rounding: " + out);
        }
        assertEquals(0, run("jacobian", "--onnx", model.toString(), "--center", centre.toString(), "--eps", "0.1", "--json"), err);
        assertTrue(out.contains("\"region\":\"box\"") && out.substring(out.indexOf("\"output\":1")).contains("2.0000000000"), out);
        // both slopes of bump() inside the l_1 ball of radius 0.3 around (0.5, 0.5)
        Path bump = bump();
        Path middle = Files.writeString(dir.resolve("m.txt"), "0.5 0.5\n");
        assertEquals(0, run("jacobian", "--onnx", bump.toString(), "--center", middle.toString(), "--eps", "0.3",
            "--region", "ball", "--norm", "l1", "--monotone", "0", "--json"), err);
        assertTrue(out.contains("\"status\":\"violated\""), out);
        for (String field : new String[] {"increasing_at", "decreasing_at"}) {
            Matcher m = Pattern.compile("\"" + field + "\":\\[([^,]+),([^\\]]+)\\]").matcher(out);
            assertTrue(m.find(), out);
            double d = Math.abs(Double.parseDouble(m.group(1)) - 0.5) + Math.abs(Double.parseDouble(m.group(2)) - 0.5);
            assertTrue(d <= 0.3, field + " outside the l_1 ball: " + out);
        }
        assertEquals(2, run("jacobian", "--onnx", bump.toString(), "--vnnlib", spec.toString(), "--region", "ball"));
        assertOneLine("--region");
    }

    /** y = relu(x0) - 2 relu(x0 - 0.5): slope 1, then -1 in x0; constant in x1. */
    private Path bump() throws IOException {
        Path bump = dir.resolve("bump.onnx");
        new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .initializer("W1", Tensor.of(Shape.of(2, 2), 1, 0, 1, 0), DataType.FLOAT)
            .initializer("b1", Tensor.of(Shape.of(2), 0, -0.5), DataType.FLOAT)
            .initializer("W2", Tensor.of(Shape.of(1, 2), 1, -2), DataType.FLOAT)
            .node("Gemm", List.of("x", "W1", "b1"), List.of("h"), Map.of("transB", 1L))
            .node("Relu", List.of("h"), List.of("r"))
            .node("Gemm", List.of("r", "W2"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, 1, 1).write(bump);
        return bump;
    }

    private void assertOneLine(String... fragments) {
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' missing in: " + err);
        }
    }
}
