package io.netverify.verifier;

import io.netverify.bab.RegionRows;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.InputConstraints;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When alpha-CROWN is cut short (here deterministically, by a step budget), the bound proof keeps its
 * partial bounds: branch and bound starts from them, not from CROWN's.
 */
class PartialAlphaCrownProofTest {
    private static final int IN = 5;
    private static final int OUT = 4;

    /** A random 5-16-16-16-4 ReLU network of Gemm layers. */
    private static Graph mlp(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> constants = new HashMap<>();
        int[] widths = {IN, 16, 16, 16, OUT};
        String h = "x";
        for (int l = 0; l + 1 < widths.length; l++) {
            double[] w = new double[widths[l + 1] * widths[l]];
            double[] b = new double[widths[l + 1]];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextGaussian() / Math.sqrt(widths[l]);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = 0.3 * rnd.nextGaussian();
            }
            constants.put("w" + l, Tensor.of(Shape.of(widths[l + 1], widths[l]), w));
            constants.put("b" + l, Tensor.of(Shape.of(widths[l + 1]), b));
            String out = l + 2 == widths.length ? "y" : "z" + l;
            nodes.add(new Node("gemm" + l, "Gemm", List.of(h, "w" + l, "b" + l), List.of(out), Attributes.EMPTY.with("transB", 1L)));
            if (l + 2 < widths.length) {
                nodes.add(new Node("relu" + l, "Relu", List.of(out), List.of("h" + l), Attributes.EMPTY));
                h = "h" + l;
            }
        }
        return GraphInference.build("test", "mlp", 17, List.of(new ValueInfo("x", DataType.DOUBLE, Shape.of(1, IN))), List.of("y"),
            nodes, constants);
    }

    /** "Output 0 is not the largest": one unsafe region y_j >= y_0 per other output, over a box of half-width 0.6. */
    private static SpecCase notLargest() {
        double[] lower = new double[IN];
        double[] upper = new double[IN];
        for (int i = 0; i < IN; i++) {
            lower[i] = -0.6 + 0.1 * i;
            upper[i] = 0.6 + 0.1 * i;
        }
        List<OutputPolytope> unsafe = new ArrayList<>();
        for (int j = 1; j < OUT; j++) {
            double[] c = new double[OUT];
            c[0] = 1;
            c[j] = -1;
            unsafe.add(new OutputPolytope(new double[][] {c}, new double[] {0}));
        }
        return new SpecCase(new InputBox(lower, upper), new InputConstraints(new double[0][], new double[0]), unsafe);
    }

    @Test
    void branchAndBoundStartsFromTheCutShortAlphaCrownBounds() {
        SpecCase sc = notLargest();
        double gain = 0;
        for (long seed = 0; seed < 4; seed++) {
            Graph g = mlp(40 + seed);
            BoundProof.Outcome crown = BoundProof.prove(g, sc, List.of(BoundMethod.CROWN), Long.MAX_VALUE, line -> { });
            if (crown.proved()) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            BoundProof.Outcome cut = BoundProof.prove(g, sc, sc.polytopes(), List.of(BoundMethod.CROWN, BoundMethod.ALPHA_CROWN),
                Long.MAX_VALUE, lines::add, p -> p.alphaSteps(12));
            assertTrue(lines.contains("bounds: alpha-crown stopped at its time share, its partial bounds kept"), lines.toString());
            assertTrue(cut.worstMargin() >= crown.worstMargin(), "seed " + seed);
            // the outcome's intermediate bounds are the partial alpha-CROWN result itself
            RegionRows rows = RegionRows.of(BranchAndBoundProof.regions(g, crown.open()), IntStream.range(0, crown.open().size()).toArray());
            Interval box = new Interval(sc.box().lower(), sc.box().upper());
            Bounds crownBounds = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box, rows.c(), rows.offsets());
            Bounds partial = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).alphaSteps(12).keepPartial(crownBounds, Long.MAX_VALUE)
                .compute(box, rows.c(), rows.offsets());
            assertTrue(partial.partial());
            for (Map.Entry<String, Interval> e : partial.intermediate().entrySet()) {
                Interval kept = cut.intermediate().get(e.getKey());
                assertArrayEquals(e.getValue().lower(), kept.lower(), e.getKey());
                assertArrayEquals(e.getValue().upper(), kept.upper(), e.getKey());
                Interval c = crown.intermediate().get(e.getKey());
                for (int i = 0; i < c.size(); i++) {
                    gain += c.upper()[i] - c.lower()[i] - (kept.upper()[i] - kept.lower()[i]);
                }
            }
            BranchingProblem problem = BranchAndBoundProof.problem(g, sc, cut.open(), BranchingMode.ACTIVATION, cut.intermediate());
            assertSame(cut.intermediate(), problem.intermediate());
            assertEquals(cut.open().size(), problem.regions().size());
        }
        assertTrue(gain > 0, "the partial optimisation should tighten some intermediate bound");
    }
}
