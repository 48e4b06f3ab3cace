package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sampling soundness of the derivative-product relaxations of the Jacobian graph (ReluGrad,
 * LeakyReluGrad, SigmoidGrad, TanhGrad): 10^4 points per case over narrow, wide, one-sided, mixed
 * and point intervals of both z and the upstream gradient g, through the common harness; and the
 * Clarke interval at z = 0, which random points never hit, checked directly.
 */
class JacobianRelaxationsTest {
    private static final String[] OPS = {"ReluGrad", "LeakyReluGrad", "SigmoidGrad", "TanhGrad"};

    private static Attributes attrs(String op) {
        return op.equals("LeakyReluGrad") ? new Attributes(Map.of("alpha", 0.1)) : Attributes.EMPTY;
    }

    @Test
    void soundOnEveryKindOfInterval() {
        long seed = 1;
        for (String op : OPS) {
            RelaxationHarness.of(seed++, op, attrs(op), Input.computed(ANY, 8), Input.computed(ANY, 8)).check(10, 1000);
        }
    }

    @Test
    void soundWithAConstantUpstreamGradient() {
        Tensor g = Tensor.of(Shape.of(6), 0.5, -2, 0, 3, 1e-3, -0.25);
        long seed = 20;
        for (String op : OPS) {
            RelaxationHarness.of(seed++, op, attrs(op), Input.computed(ANY, 6), Input.constant(g)).check(10, 1000);
        }
    }

    @Test
    void soundAtExtremeMagnitudes() {
        long seed = 40;
        for (String op : OPS) {
            for (double scale : new double[] {1e-300, 1e-8, 1e8, 1e150}) {
                RelaxationHarness.of(seed++, op, attrs(op), Input.computed(ANY, 4), Input.computed(ANY, 4))
                    .scaled(scale).check(3, 300);
            }
        }
    }

    /** Exact when the derivative is known: z one-signed for the piecewise-linear ones, a point for the smooth ones. */
    @Test
    void exactWhenTheDerivativeIsKnown() {
        RelaxationHarness.Kind[] point = {RelaxationHarness.Kind.POINT};
        RelaxationHarness.Kind[] signed = {RelaxationHarness.Kind.POSITIVE, RelaxationHarness.Kind.NEGATIVE};
        for (String op : OPS) {
            boolean smooth = op.equals("SigmoidGrad") || op.equals("TanhGrad");
            double gap = RelaxationHarness.of(60, op, attrs(op), Input.computed(smooth ? point : signed, 5),
                Input.computed(ANY, 5)).check(3, 100);
            assertTrue(gap < 1e-9, op + " gap " + gap);
        }
    }

    /** Every Clarke element s g (s between the two slopes at z = 0) lies between the lines and in the interval. */
    @Test
    void clarkeIntervalAtTheKinkIsCovered() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] line = new double[2];
        for (double a : new double[] {0, 0.1, -0.5, 2}) {
            for (int t = 0; t < 10_000; t++) {
                double zl = t % 3 == 0 ? 0 : -rnd.nextDouble(0, 2);
                double zu = t % 3 == 1 ? 0 : rnd.nextDouble(0, 2);
                double gl = rnd.nextDouble(-3, 3);
                double gu = gl + (t % 5 == 0 ? 0 : rnd.nextDouble(0, 4));
                double g = gl + rnd.nextDouble() * (gu - gl);
                double s = Math.min(a, 1) + rnd.nextDouble() * Math.abs(1 - a);
                double out = s * g;
                SlopeProductRelaxation.line(a, SlopeProductRelaxation.active(zl, zu, false),
                    SlopeProductRelaxation.inactive(zl, zu, false), gl, gu, false, line);
                double below = line[0] * g + line[1];
                SlopeProductRelaxation.line(a, SlopeProductRelaxation.active(zl, zu, false),
                    SlopeProductRelaxation.inactive(zl, zu, false), gl, gu, true, line);
                double above = line[0] * g + line[1];
                if (below > out + 1e-12 || above < out - 1e-12) {
                    fail("a=" + a + " z in [" + zl + ", " + zu + "], g=" + g + " in [" + gl + ", " + gu + "], s=" + s
                        + ": " + out + " not in [" + below + ", " + above + "]");
                }
            }
        }
    }
}
