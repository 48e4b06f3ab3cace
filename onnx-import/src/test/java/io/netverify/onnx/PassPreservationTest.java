package io.netverify.onnx;

import io.netverify.onnx.ops.Gelu;
import io.netverify.onnx.ops.Operators;
import io.netverify.onnx.passes.GraphPass;
import io.netverify.onnx.passes.IdentityRemoval;
import io.netverify.onnx.passes.OutputConcatenation;
import io.netverify.onnx.passes.ViewNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every normalisation pass preserves the function: the graph before and after each pass, applied
 * one at a time from the raw graph, agree on random points and every corner of the input box. The
 * passes that only move values (identity removal, views, output concatenation) agree bit for bit;
 * the others fold constants in float64, so they agree to that rounding.
 */
class PassPreservationTest {
    private static final int POINTS = 300;
    /** A few float64 roundings of values of order one, far below any change of constants (1e-9 and up). */
    private static final double ROUNDING = 1e-13;
    private static final Set<Class<?>> EXACT = Set.of(IdentityRemoval.class, ViewNormalization.class, OutputConcatenation.class);

    static List<PassModels.Model> models() {
        return PassModels.all();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyPassKeepsTheFunction(PassModels.Model m) {
        Graph before = m.parse().toRawGraph();
        List<double[]> points = points(before, m);
        Graph raw = before;
        for (GraphPass pass : OnnxModel.normalizationPasses()) {
            Graph after = pass.apply(before, m.name());
            compare(m, pass.getClass().getSimpleName(), before, after, points, EXACT.contains(pass.getClass()));
            before = after;
        }
        compare(m, "the whole normalisation", raw, before, points, false);
        Graph normalised = m.parse().toGraph();
        assertEquals(before.nodes().stream().map(Node::opType).toList(), normalised.nodes().stream().map(Node::opType).toList(),
            "applying the passes one by one is what toGraph does");
        assertEquals(1, normalised.outputs().size(), "one output vector");
    }

    @Test
    void passesDoTheirWork() {
        assertEquals(List.of("Gelu"), ops(PassModels.geluErf()));
        assertEquals(List.of("Gelu"), ops(PassModels.geluErfDividedByTwo()));
        assertEquals(List.of("Linear", "Gelu"), ops(PassModels.geluErfHalfFirst()));
        assertEquals(List.of("Gelu"), ops(PassModels.geluTanh()));
        assertEquals(List.of("Gelu"), ops(PassModels.geluTanhCubeByProducts()));
        assertEquals(List.of("Linear", "Relu", "Linear"), ops(PassModels.mlp()));
        assertEquals(List.of("Conv", "Relu", "View", "Linear"), ops(PassModels.convBatchNorm()));
        assertEquals(List.of("View", "Linear", "Relu"), ops(PassModels.views()));
        assertEquals(List.of("Linear", "Transpose", "Transpose", "Linear"), ops(PassModels.gemmTransposedA()));
        assertEquals(List.of("Linear", "Relu", "Gemm"), ops(PassModels.gemmConstantA()), "a computed B stays a Gemm");
        assertEquals(List.of("Cast", "Cast", "Add"), ops(PassModels.narrowingCasts()).subList(1, 4));
    }

    @Test
    void fusedGeluKeepsTheFilesConstants() {
        Node gelu = PassModels.geluErf().parse().toGraph().nodes().get(0);
        Gelu.Form form = Gelu.form(gelu);
        assertEquals(1 / PassModels.SQRT2_FLOAT, form.scale());
        assertEquals(PassModels.SQRT2_FLOAT, form.divisor(), "divides as the file does");
        assertEquals(0.5, form.factor());
        // the textbook GELU is 4.5e-9 away at -0.75; the file's subgraph is what the node computes
        Graph raw = PassModels.geluErf().parse().toRawGraph();
        double x = -0.75;
        double file = new Evaluator(raw).evaluate(new double[] {x, x, x})[0];
        double textbook = 0.5 * x * (1 + Operators.find("Erf").orElseThrow()
            .evaluate(null, List.of(Tensor.scalar(x / Math.sqrt(2)))).get(0).get(0));
        assertTrue(Math.abs(file - textbook) > 1e-9, "the float32 constant changes the function: " + file + " vs " + textbook);
        assertEquals(file, form.apply(x), 1e-16);
    }

    @Test
    void foldsThatUnderflowAreNotMade() {
        // W (1e-150 x) with W near 1e-200: a fused weight near 1e-350 is 0, a function of its own
        PassModels.Model m = PassModels.underflowingFold();
        double[] x = {m.upper(), m.lower()};
        double[] raw = new Evaluator(m.parse().toRawGraph()).evaluate(x);
        double[] normalised = new Evaluator(m.parse().toGraph()).evaluate(x);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(raw[i], normalised[i], 1e-13 * Math.abs(raw[i]), "output " + i);
        }
    }

    @Test
    void notExactlyAGeluIsNotFused() {
        // 0.5 x (1.0000001 + erf(x / c)): near GELU, but not A x (1 + erf(s x)); stays node by node
        byte[] model = PassModels.erfSubgraph(1.0000001, 0.5);
        assertTrue(ops(new PassModels.Model("near_gelu", model, -1, 1)).contains("Erf"));
    }

    private static List<String> ops(PassModels.Model m) {
        return m.parse().toGraph().nodes().stream().map(Node::opType).toList();
    }

    /** Every corner of the box (up to 2^10) and random points in it. */
    private static List<double[]> points(Graph g, PassModels.Model m) {
        int n = g.inputs().get(0).shape().size();
        List<double[]> out = new ArrayList<>();
        if (n <= 10) {
            for (int c = 0; c < 1 << n; c++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = (c >> i & 1) == 0 ? m.lower() : m.upper();
                }
                out.add(x);
            }
        }
        SplittableRandom rnd = new SplittableRandom(m.name().hashCode());
        for (int k = 0; k < POINTS; k++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextDouble(m.lower(), m.upper());
            }
            out.add(x);
        }
        return out;
    }

    private static void compare(PassModels.Model m, String pass, Graph before, Graph after, List<double[]> points, boolean exact) {
        Evaluator a = new Evaluator(before);
        Evaluator b = new Evaluator(after);
        for (double[] x : points) {
            double[] ya = a.evaluate(x);
            double[] yb = b.evaluate(x);
            if (exact) {
                assertArrayEquals(ya, yb, 0, m + ": " + pass + " changed the value");
                continue;
            }
            assertEquals(ya.length, yb.length, m + ": " + pass + " changed the output size");
            for (int i = 0; i < ya.length; i++) {
                if (!(Math.abs(ya[i] - yb[i]) <= ROUNDING * (1 + Math.abs(ya[i])))) {
                    fail(m + ": " + pass + " changed output " + i + " at " + Arrays.toString(x) + " from "
                        + ya[i] + " to " + yb[i]);
                }
            }
        }
    }
}
