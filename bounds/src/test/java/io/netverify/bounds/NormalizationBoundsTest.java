package io.netverify.bounds;

import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.PassModels;
import io.netverify.onnx.passes.GraphPass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounds of a graph before and after each normalisation pass: IBP of both forms contains the exact
 * evaluation of the raw graph on the box's corners and random points, the fused form's IBP is no
 * wider than the unfused one's (fusing only removes intermediate relaxations), and CROWN of the
 * normalised graph contains the raw evaluations too.
 */
class NormalizationBoundsTest {
    private static final int POINTS = 300;

    static List<PassModels.Model> models() {
        return PassModels.all();
    }

    @ParameterizedTest
    @MethodSource("models")
    void ibpBeforeAndAfterEachPassContainsTheRawFunction(PassModels.Model m) {
        Graph raw = m.parse().toRawGraph();
        Interval box = box(raw, m);
        List<double[][]> samples = samples(raw, box, m);
        Graph before = raw;
        int compared = 0;
        for (GraphPass pass : OnnxModel.normalizationPasses()) {
            Graph after = pass.apply(before, m.name());
            if (!boundable(after)) {
                before = after;
                continue;
            }
            double[][] ibpAfter = outputIntervals(after, box);
            contains(m + " after " + pass.getClass().getSimpleName(), ibpAfter, samples);
            double[][] ibpBefore = boundable(before) ? outputIntervals(before, box) : null;
            if (ibpBefore != null && after != before) {
                compared++;
                for (int i = 0; i < ibpAfter[0].length; i++) {
                    double slack = 1e-12 * (1 + Math.abs(ibpBefore[0][i]) + Math.abs(ibpBefore[1][i]));
                    assertTrue(ibpAfter[0][i] >= ibpBefore[0][i] - slack && ibpAfter[1][i] <= ibpBefore[1][i] + slack,
                        m + ": " + pass.getClass().getSimpleName() + " widened output " + i + " from [" + ibpBefore[0][i]
                            + ", " + ibpBefore[1][i] + "] to [" + ibpAfter[0][i] + ", " + ibpAfter[1][i] + "]");
                }
            }
            before = after;
        }
        assertTrue(compared > 0, m + ": no pass compared");
        Bounds crown = BoundPropagator.of(before).method(BoundMethod.CROWN).compute(box);
        contains(m + " CROWN", new double[][] {crown.lower(), crown.upper()}, samples);
    }

    /** The graph that PyTorch's GELU export gives: bounds must be those of its own constants (issue 12.2). */
    @Test
    void geluWithFloat32ConstantsIsBoundedAsWritten() {
        PassModels.Model m = PassModels.geluErf();
        Graph g = m.parse().toGraph();
        Interval box = new Interval(new double[] {-1, -1, -1}, new double[] {-0.9, -0.9, -0.9});
        double atMinusOne = new Evaluator(m.parse().toRawGraph()).evaluate(new double[] {-1, -1, -1})[0];
        for (BoundMethod method : new BoundMethod[] {BoundMethod.IBP, BoundMethod.CROWN}) {
            Bounds b = BoundPropagator.of(g).method(method).compute(box);
            // the textbook GELU's maximum here is -0.158655254; the file's is 2e-9 higher
            assertTrue(b.upper()[0] >= atMinusOne, method + " upper bound " + b.upper()[0] + " is below f(-1) = " + atMinusOne);
            assertTrue(b.upper()[0] < atMinusOne + 1e-9, method + " upper bound " + b.upper()[0] + " is loose");
        }
    }

    /** {@link PassModels.CancellingFold}: the folded bias's terms count into the rounding margin. */
    @Test
    void foldedBiasThatCancelsKeepsItsRoundingError() {
        Graph g = OnnxModel.parse(PassModels.CancellingFold.bytes(), "cancel.onnx").toGraph();
        assertTrue(g.nodes().size() == 1 && g.constant(g.nodes().get(0).input(2)).get(0) == 0, "folded into one Linear with bias 0");
        double eps = 1e-30;
        Interval box = new Interval(new double[] {-eps}, new double[] {eps});
        for (BoundMethod method : new BoundMethod[] {BoundMethod.IBP, BoundMethod.CROWN}) {
            Bounds bounds = BoundPropagator.of(g).method(method).compute(box);
            for (double x : new double[] {-eps, 0, eps}) {
                BigDecimal exact = PassModels.CancellingFold.exact(x);
                assertTrue(exact.signum() != 0, "the case needs a rounding error");
                assertTrue(new BigDecimal(bounds.lower()[0]).compareTo(exact) <= 0
                        && exact.compareTo(new BigDecimal(bounds.upper()[0])) <= 0,
                    method + " bounds [" + bounds.lower()[0] + ", " + bounds.upper()[0] + "] miss the exact " + exact);
            }
        }
    }

    private static boolean boundable(Graph g) {
        try {
            int n = g.inputs().get(0).shape().size();
            outputIntervals(g, new Interval(new double[n], new double[n]));
            return true;
        } catch (NoRelaxationException e) {
            return false; // an operator form only the normalised graph has a relaxation for
        }
    }

    /** [lower, upper] of all outputs, flattened in graph order. */
    private static double[][] outputIntervals(Graph g, Interval box) {
        Map<String, Interval> all = IntervalPropagation.run(g, box);
        List<Interval> outs = g.outputs().stream().map(all::get).toList();
        int n = outs.stream().mapToInt(Interval::size).sum();
        double[][] r = new double[2][n];
        int pos = 0;
        for (Interval iv : outs) {
            System.arraycopy(iv.lower(), 0, r[0], pos, iv.size());
            System.arraycopy(iv.upper(), 0, r[1], pos, iv.size());
            pos += iv.size();
        }
        return r;
    }

    private static Interval box(Graph g, PassModels.Model m) {
        int n = g.inputs().get(0).shape().size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, m.lower());
        Arrays.fill(hi, m.upper());
        return new Interval(lo, hi);
    }

    /** {x, f(x)} of the raw graph at every corner and random points of the box. */
    private static List<double[][]> samples(Graph raw, Interval box, PassModels.Model m) {
        Evaluator ev = new Evaluator(raw);
        int n = box.size();
        SplittableRandom rnd = new SplittableRandom(m.name().hashCode());
        List<double[][]> out = new ArrayList<>();
        int corners = n <= 10 ? 1 << n : 0;
        for (int s = 0; s < corners + POINTS; s++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = s < corners ? ((s >> i & 1) == 0 ? box.lower()[i] : box.upper()[i])
                    : rnd.nextDouble(box.lower()[i], box.upper()[i]);
            }
            out.add(new double[][] {x, ev.evaluate(x)});
        }
        return out;
    }

    private static void contains(String what, double[][] bounds, List<double[][]> samples) {
        for (double[][] s : samples) {
            double[] y = s[1];
            for (int i = 0; i < y.length; i++) {
                // the raw evaluation is float64 arithmetic; the bounds are for exact arithmetic
                double tol = 1e-13 * (1 + Math.abs(y[i]));
                if (!(bounds[0][i] - tol <= y[i] && y[i] <= bounds[1][i] + tol)) {
                    fail(what + ": output " + i + " bounds [" + bounds[0][i] + ", " + bounds[1][i] + "] miss f("
                        + Arrays.toString(s[0]) + ") = " + y[i]);
                }
            }
        }
    }
}
