package io.netverify.verifier.bounds;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Our bounds against auto_LiRPA's on every reference instance: IBP equal (up to the reference's
 * float32 rounding) or tighter, and on piecewise-linear nets equal to IBP in exact arithmetic; CROWN
 * equal or tighter; alpha-CROWN at least as tight as our CROWN and within 2% of the reference width
 * on average per benchmark; and every method sound on 10^4 sampled points plus the box corners
 * (boxes up to 16 dimensions).
 *
 * <p>For smooth activations (sigmoid, tanh, sine, GELU, products) auto_LiRPA takes tangent points
 * from a precomputed grid, so its lines differ slightly from our exact tangents, and for max-pooling
 * the bounds of the pooled (ReLU output) values are obtained slightly differently: per output either
 * can be tighter. There CROWN must match the reference's mean margin width (0.5%) and no single
 * bound may be looser by more than 5%.
 */
class ReferenceBoundsSharedTest {
    private static final int SAMPLES = 10_000;
    /** The reference is float32: IBP agrees to this relative tolerance (1 + |bound|). */
    private static final double IBP_TOLERANCE = 1e-5;
    /**
     * Our IBP against exact arithmetic (relative to 1 + |bound|): the float64 rounding-error bound
     * widens it by up to a few 1e-9 on the deepest nets.
     */
    private static final double EXACT_IBP_TOLERANCE = 1e-8;
    private static final double SMOOTH_CROWN_TOLERANCE = 0.05;
    private static final Set<String> SMOOTH = Set.of("Sigmoid", "Tanh", "Sin", "Cos", "Gelu", "Erf", "Exp", "Mul",
        "Div", "MatMul", "Softmax", "MaxPool");
    /** Looser than the float32 reference by at most this (its README: up to ~5e-5 on deep nets). */
    private static final double CROWN_TOLERANCE = 5e-5;
    /**
     * Benchmarks whose alpha-CROWN comparison runs in the test suite on every instance; on the others
     * it runs on the instances where the reference's alpha-CROWN took at most {@link #ALPHA_SECONDS}
     * (the rest: benchmarks module, AlphaCrownBenchmark).
     */
    private static final List<String> ALPHA_IN_TESTS = List.of("acasxu", "digits", "eran", "mnistfc");
    private static final double ALPHA_SECONDS = 15;

    @TestFactory
    Stream<DynamicNode> referenceBounds() {
        return Stream.of("acasxu", "mnistfc", "eran", "digits", "oval21", "cifar10_resnet").map(bench -> {
            List<double[]> widths = new ArrayList<>();
            List<DynamicNode> tests = new ArrayList<>();
            boolean anyAlpha = false;
            for (var f : ReferenceInstance.files(bench)) {
                boolean alpha = ALPHA_IN_TESTS.contains(bench) || ReferenceInstance.alphaSeconds(f) <= ALPHA_SECONDS;
                anyAlpha |= alpha;
                tests.add(DynamicTest.dynamicTest(f.getFileName().toString(),
                    () -> check(ReferenceInstance.load(bench, f), alpha, widths)));
            }
            if (anyAlpha) {
                tests.add(DynamicTest.dynamicTest("alpha-CROWN within 2% of the reference on average", () -> {
                    double ours = widths.stream().mapToDouble(w -> w[0]).sum();
                    double ref = widths.stream().mapToDouble(w -> w[1]).sum();
                    assertTrue(ours <= 1.02 * ref, bench + ": mean alpha-CROWN margin width " + ours + " vs reference " + ref);
                }));
            }
            return DynamicContainer.dynamicContainer(bench, tests);
        });
    }

    private static void check(ReferenceInstance r, boolean withAlpha, List<double[]> alphaWidths) {
        int outputs = r.c()[0].length;
        double[][] id = ReferenceInstance.identity(outputs);
        double[] zero = new double[outputs];
        Bounds ibp = BoundPropagator.of(r.graph()).method(BoundMethod.IBP).compute(r.box(), id, zero);
        Bounds ibpMargin = BoundPropagator.of(r.graph()).method(BoundMethod.IBP).compute(r.box(), r.c(), r.d());
        Bounds crown = BoundPropagator.of(r.graph()).method(BoundMethod.CROWN).compute(r.box(), id, zero);
        Bounds crownMargin = BoundPropagator.of(r.graph()).method(BoundMethod.CROWN).compute(r.box(), r.c(), r.d());
        assertIbp(r, false, ibp, id, zero);
        assertIbp(r, true, ibpMargin, r.c(), r.d());
        boolean smooth = r.graph().nodes().stream().anyMatch(n -> SMOOTH.contains(n.opType()));
        assertNoLooser(r, "crown", false, crown, smooth ? SMOOTH_CROWN_TOLERANCE : CROWN_TOLERANCE);
        assertNoLooser(r, "crown", true, crownMargin, smooth ? SMOOTH_CROWN_TOLERANCE : CROWN_TOLERANCE);
        if (smooth) {
            double[] rl = r.reference("crown", true, false);
            double[] ru = r.reference("crown", true, true);
            double ours = 0;
            double ref = 0;
            for (int k = 0; k < rl.length; k++) {
                ours += crownMargin.upper()[k] - crownMargin.lower()[k];
                ref += ru[k] - rl[k];
            }
            assertTrue(ours <= ref * 1.005, "mean CROWN margin width " + ours / rl.length + " vs reference " + ref / rl.length);
        }
        List<Bounds> all = new ArrayList<>(List.of(ibp, crown));
        List<Bounds> margins = new ArrayList<>(List.of(ibpMargin, crownMargin));
        if (withAlpha) {
            Bounds alpha = BoundPropagator.of(r.graph()).method(BoundMethod.ALPHA_CROWN).compute(r.box(), r.c(), r.d());
            double ours = 0;
            double ref = 0;
            double[] rl = r.reference("alpha-crown", true, false);
            double[] ru = r.reference("alpha-crown", true, true);
            for (int k = 0; k < rl.length; k++) {
                assertTrue(alpha.lower()[k] >= crownMargin.lower()[k] && alpha.upper()[k] <= crownMargin.upper()[k],
                    "alpha-CROWN looser than CROWN, row " + k);
                ours += alpha.upper()[k] - alpha.lower()[k];
                ref += ru[k] - rl[k];
            }
            synchronized (alphaWidths) {
                alphaWidths.add(new double[] {ours / rl.length, ref / rl.length});
            }
            margins.add(alpha);
        }
        assertSound(r, all, margins);
    }

    /**
     * IBP against the reference; on piecewise-linear networks also against IBP in exact arithmetic
     * ({@link ExactIntervals}): ours must enclose it and be within {@link #EXACT_IBP_TOLERANCE} of it,
     * and the reference within {@link #IBP_TOLERANCE} (its float32 rounding: up to 6e-6 measured), so
     * what separates ours from the reference there is the reference's rounding.
     */
    private static void assertIbp(ReferenceInstance r, boolean margin, Bounds b, double[][] c, double[] d) {
        assertNoLooser(r, "ibp", margin, b, IBP_TOLERANCE);
        if (!ExactIntervals.supports(r.graph())) {
            return;
        }
        BigDecimal[][] exact = ExactIntervals.margins(r.graph(), r.box(), c, d);
        double[] rl = r.reference("ibp", margin, false);
        double[] ru = r.reference("ibp", margin, true);
        for (int k = 0; k < c.length; k++) {
            double lo = exact[0][k].doubleValue();
            double hi = exact[1][k].doubleValue();
            String where = "ibp" + (margin ? " margin " : " output ") + k + ": ours [" + b.lower()[k] + ", " + b.upper()[k]
                + "], exact [" + exact[0][k].round(MathContext.DECIMAL64) + ", " + exact[1][k].round(MathContext.DECIMAL64) + "]";
            assertTrue(new BigDecimal(b.lower()[k]).compareTo(exact[0][k]) <= 0
                && new BigDecimal(b.upper()[k]).compareTo(exact[1][k]) >= 0, "not sound, " + where);
            assertTrue(lo - b.lower()[k] <= EXACT_IBP_TOLERANCE * (1 + Math.abs(lo))
                && b.upper()[k] - hi <= EXACT_IBP_TOLERANCE * (1 + Math.abs(hi)), "not exact, " + where);
            assertTrue(Math.abs(rl[k] - lo) <= IBP_TOLERANCE * (1 + Math.abs(lo))
                && Math.abs(ru[k] - hi) <= IBP_TOLERANCE * (1 + Math.abs(hi)),
                "reference [" + rl[k] + ", " + ru[k] + "] farther from exact than float32 rounding, " + where);
        }
    }

    private static void assertNoLooser(ReferenceInstance r, String method, boolean margin, Bounds b, double tol) {
        double[] rl = r.reference(method, margin, false);
        double[] ru = r.reference(method, margin, true);
        for (int k = 0; k < rl.length; k++) {
            if (b.lower()[k] < rl[k] - tol * (1 + Math.abs(rl[k])) || b.upper()[k] > ru[k] + tol * (1 + Math.abs(ru[k]))) {
                fail(method + (margin ? " margin " : " output ") + k + " looser than the reference: ours [" + b.lower()[k]
                    + ", " + b.upper()[k] + "], reference [" + rl[k] + ", " + ru[k] + "]");
            }
        }
    }

    /** Random points and corners of the box must land inside every output and margin bound. */
    private static void assertSound(ReferenceInstance r, List<Bounds> outputs, List<Bounds> margins) {
        Interval box = r.box();
        int n = box.size();
        int corners = n <= 16 ? 1 << n : 0;
        SplittableRandom rnd = new SplittableRandom(r.name().hashCode());
        double[][] xs = new double[SAMPLES + corners][n];
        for (int s = 0; s < xs.length; s++) {
            for (int i = 0; i < n; i++) {
                double t = s < corners ? (s >> i & 1) : rnd.nextDouble();
                xs[s][i] = box.lower()[i] + t * (box.upper()[i] - box.lower()[i]);
            }
        }
        double[][] ys = new Evaluator(r.graph()).evaluateBatch(xs);
        for (double[] y : ys) {
            for (Bounds b : outputs) {
                for (int j = 0; j < y.length; j++) {
                    assertInside(y[j], b, j, r.name() + " output " + j);
                }
            }
            for (int k = 0; k < r.c().length; k++) {
                double v = r.d()[k];
                for (int j = 0; j < y.length; j++) {
                    v += r.c()[k][j] * y[j];
                }
                for (Bounds b : margins) {
                    assertInside(v, b, k, r.name() + " margin " + k);
                }
            }
        }
    }

    private static void assertInside(double v, Bounds b, int k, String what) {
        if (v < b.lower()[k] || v > b.upper()[k]) {
            fail(b.method() + " unsound: " + what + " = " + v + " outside [" + b.lower()[k] + ", " + b.upper()[k] + "]");
        }
    }
}
