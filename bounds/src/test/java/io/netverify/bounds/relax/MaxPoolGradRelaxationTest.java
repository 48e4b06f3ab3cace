package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sampling soundness of MaxPoolGrad's relaxation (the gradient of max pooling): 10^4 points per case
 * over narrow, wide, one-sided, zero-touching and point intervals of x and of the upstream gradient,
 * overlapping, padded and ceil-mode windows, extreme magnitudes; exactness where each window's
 * maximum is known; and the chord against every selection weight of two candidates.
 */
class MaxPoolGradRelaxationTest {
    private static final Attributes OVERLAPPING = new Attributes(Map.of("kernel_shape", new long[] {2, 2}));
    private static final Attributes PADDED = new Attributes(Map.of("kernel_shape", new long[] {3, 3},
        "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}, "ceil_mode", 1L));

    @Test
    void soundOnEveryKindOfInterval() {
        RelaxationHarness.of(1, "MaxPoolGrad", OVERLAPPING, Input.computed(ANY, 1, 2, 3, 3), Input.computed(ANY, 1, 2, 2, 2))
            .check(10, 1000);
        RelaxationHarness.of(2, "MaxPoolGrad", PADDED, Input.computed(ANY, 1, 1, 4, 4), Input.computed(ANY, 1, 1, 3, 3))
            .check(10, 1000);
    }

    /** Narrow x intervals around a few values make many windows with several candidates. */
    @Test
    void soundWhenManyCellsMayHoldTheMaximum() {
        RelaxationHarness.Kind[] close = {RelaxationHarness.Kind.NARROW, RelaxationHarness.Kind.MIXED, RelaxationHarness.Kind.WIDE};
        RelaxationHarness.of(3, "MaxPoolGrad", OVERLAPPING, Input.computed(close, 2, 1, 3, 3), Input.computed(ANY, 2, 1, 2, 2))
            .check(10, 1000);
    }

    @Test
    void soundWithAConstantUpstreamGradient() {
        Tensor g = Tensor.of(Shape.of(1, 1, 2, 2), 0.5, -2, 0, 3);
        RelaxationHarness.of(4, "MaxPoolGrad", OVERLAPPING, Input.computed(ANY, 1, 1, 3, 3), Input.constant(g)).check(10, 1000);
    }

    @Test
    void soundAtExtremeMagnitudes() {
        long seed = 10;
        for (double scale : new double[] {1e-300, 1e-8, 1e8, 1e150}) {
            RelaxationHarness.of(seed++, "MaxPoolGrad", OVERLAPPING, Input.computed(ANY, 1, 1, 3, 3),
                Input.computed(ANY, 1, 1, 2, 2)).scaled(scale).check(3, 300);
        }
        RelaxationHarness.of(seed, "MaxPoolGrad", OVERLAPPING, Input.computed(RelaxationHarness.EXTREME, 1, 1, 3, 3),
            Input.computed(RelaxationHarness.EXTREME, 1, 1, 2, 2)).check(5, 300);
    }

    /**
     * Every kind of interval, zero-touching ones too. Seed 23 draws a window whose chord slope
     * (2e-26) is far below its largest candidate coefficient (0.92, the least being 0): the recorded
     * linearisation gave that candidate 1 - share of g (share rounded to 1, so nothing) instead of
     * 2e-26 of g = 1.5e78, and A y missed 2.9e52 of the row's value.
     */
    @Test
    void linearisationKeepsSharesBelowAnUlpOfOne() {
        RelaxationHarness.of(23, "MaxPoolGrad", OVERLAPPING, Input.computed(RelaxationHarness.Kind.values(), 1, 1, 3, 3),
            Input.computed(RelaxationHarness.Kind.values(), 1, 1, 2, 2)).check(5, 300);
    }

    /**
     * Candidate coefficients of both signs near the largest double, whose difference overflows: the
     * recorded linearisation split g between them by (amax - s) / inf and (s - amin) / inf, both 0,
     * and A y lost the line's slope times g (up to 1e308).
     */
    @Test
    void linearisationSplitsGWhereTheCoefficientsSpanOverflows() {
        // one window whose four cells all contain 0: each may hold the maximum; g of both signs, small enough that no product overflows
        RelaxationHarness.Kind[] mixed = {RelaxationHarness.Kind.MIXED};
        RelaxationHarness h = RelaxationHarness.of(30, "MaxPoolGrad", OVERLAPPING, Input.computed(mixed, 1, 1, 2, 2),
            Input.computed(mixed, 1, 1, 1, 1)).scaled(0.25);
        double[] a = new double[6 * 4];
        for (int k = 0; k < 6; k++) {
            a[k * 4] = 1e308 - k * 1e305;
            a[k * 4 + 1] = -1e308 + k * 2e305;
            a[k * 4 + 2] = k;
        }
        AlphaParameters alphas = new AlphaParameters();
        RelaxationHarness.Backward b = h.backward(a, alphas);
        Linearization lin = alphas.linearization(h.node().name());
        for (int p = 0; p < 50; p++) {
            List<Tensor> x = h.point();
            for (int k = 0; k < 6; k++) {
                double[] y = lin.apply(k, new double[][] {x.get(0).data(), x.get(1).data()})[0];
                double ay = 0;
                for (int j = 0; j < 4; j++) {
                    ay += a[k * 4 + j] * y[j];
                }
                assertEquals(b.value(k, h.graph(), x), ay, 3e296, "row " + k + " at " + x);
            }
        }
    }

    /** With x at a point (each window's maximum known) the bounds are the exact gradient. */
    @Test
    void exactWhenEveryMaximumIsKnown() {
        RelaxationHarness.Kind[] point = {RelaxationHarness.Kind.POINT};
        double gap = RelaxationHarness.of(20, "MaxPoolGrad", PADDED, Input.computed(point, 1, 2, 4, 4),
            Input.computed(ANY, 1, 2, 3, 3)).check(3, 100);
        assertTrue(gap < 1e-9, "gap " + gap);
    }

    /** Every a g with a between the candidates' coefficients lies above the line, for g in its interval. */
    @Test
    void chordIsBelowEverySelection() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] line = new double[2];
        for (int t = 0; t < 10_000; t++) {
            double amin = rnd.nextDouble(-3, 3);
            double amax = t % 7 == 0 ? amin : amin + rnd.nextDouble(0, 4);
            double gl = t % 5 == 0 ? 0 : rnd.nextDouble(-3, 3);
            double gu = t % 11 == 0 ? Math.max(gl, 0) : gl + (t % 13 == 0 ? 0 : rnd.nextDouble(0, 4));
            MaxPoolGradRelaxation.lowerLine(amin, amax, gl, gu, line);
            double g = gl + rnd.nextDouble() * (gu - gl);
            double a = amin + rnd.nextDouble() * (amax - amin);
            for (double v : new double[] {g, gl, gu}) {
                for (double s : new double[] {a, amin, amax}) {
                    if (line[0] * v + line[1] > s * v) {
                        fail("a in [" + amin + ", " + amax + "], g=" + v + " in [" + gl + ", " + gu + "]: line above " + s * v);
                    }
                }
            }
        }
    }
}
