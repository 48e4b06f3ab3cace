package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.bounds.relax.RelaxationHarness.Kind;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.PowGrad;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sampling soundness of the derivative-product relaxations of the Jacobian graph (ReluGrad,
 * LeakyReluGrad with a leaky slope and with -1 for Abs, SigmoidGrad, TanhGrad, ErfGrad, GeluGrad of
 * both forms, PowGrad of integer and fractional exponents and of Log): 10^4 points per case over
 * narrow, wide, one-sided, zero-touching, mixed and point intervals of both z and the upstream
 * gradient g (z of fractional powers at or above 0), through the common harness, also at extreme
 * magnitudes; and the Clarke interval at z = 0, which random points never hit, checked directly.
 */
class JacobianRelaxationsTest {
    /** One operator with its attributes and the kinds of z's intervals it is defined on. */
    private record Case(String op, Attributes attrs, Kind[] z) {
        boolean smooth() {
            return !op.equals("ReluGrad") && !op.equals("LeakyReluGrad");
        }

        @Override
        public String toString() {
            return op + attrs;
        }
    }

    private static final Kind[] EVERYWHERE = {Kind.NARROW, Kind.WIDE, Kind.POSITIVE, Kind.NEGATIVE, Kind.MIXED, Kind.POINT,
        Kind.NARROW_POSITIVE, Kind.ZERO_LOWER, Kind.ZERO_UPPER};
    private static final Kind[] NON_NEGATIVE = {Kind.POSITIVE, Kind.NARROW_POSITIVE, Kind.ZERO_LOWER};

    private static final Case[] CASES = {
        new Case("ReluGrad", Attributes.EMPTY, EVERYWHERE),
        new Case("LeakyReluGrad", new Attributes(Map.of("alpha", 0.1)), EVERYWHERE),
        new Case("LeakyReluGrad", new Attributes(Map.of("alpha", -1.0)), EVERYWHERE),
        new Case("SigmoidGrad", Attributes.EMPTY, EVERYWHERE),
        new Case("TanhGrad", Attributes.EMPTY, EVERYWHERE),
        new Case("ErfGrad", Attributes.EMPTY, EVERYWHERE),
        new Case("GeluGrad", Attributes.EMPTY, EVERYWHERE),
        new Case("GeluGrad", new Attributes(Map.of("approximate", "tanh")), EVERYWHERE),
        new Case("PowGrad", power(2, 2), EVERYWHERE),
        new Case("PowGrad", power(-1, -1), EVERYWHERE),
        new Case("PowGrad", power(0, 1), EVERYWHERE),
        new Case("PowGrad", power(0.5, 0.5), NON_NEGATIVE),
        new Case("PowGrad", power(2.5, 2.5), NON_NEGATIVE)};

    private static Attributes power(double p, double k) {
        return new Attributes(Map.of(PowGrad.EXPONENT, p, PowGrad.COEFFICIENT, k));
    }

    @Test
    void soundOnEveryKindOfInterval() {
        long seed = 1;
        for (Case c : CASES) {
            RelaxationHarness.of(seed++, c.op(), c.attrs(), Input.computed(c.z(), 8), Input.computed(EVERYWHERE, 8)).check(10, 1000);
        }
    }

    @Test
    void soundWithAConstantUpstreamGradient() {
        Tensor g = Tensor.of(Shape.of(6), 0.5, -2, 0, 3, 1e-3, -0.25);
        long seed = 100;
        for (Case c : CASES) {
            RelaxationHarness.of(seed++, c.op(), c.attrs(), Input.computed(c.z(), 6), Input.constant(g)).check(4, 1000);
        }
    }

    @Test
    void soundAtExtremeMagnitudes() {
        long seed = 200;
        for (Case c : CASES) {
            for (double scale : new double[] {1e-300, 1e-8, 1e8, 1e150}) {
                RelaxationHarness.of(seed++, c.op(), c.attrs(), Input.computed(c.z(), 4), Input.computed(EVERYWHERE, 4))
                    .scaled(scale).check(3, 300);
            }
        }
    }

    /**
     * Exact when the derivative is known: z one-signed for the piecewise-linear ones, a point for the
     * smooth ones.
     */
    @Test
    void exactWhenTheDerivativeIsKnown() {
        for (Case c : CASES) {
            if (c.z() == NON_NEGATIVE) {
                // random points of either sign: the integer powers stand for them
                continue;
            }
            Kind[] z = c.smooth() ? new Kind[] {Kind.POINT} : new Kind[] {Kind.POSITIVE, Kind.NEGATIVE};
            double gap = RelaxationHarness.of(60, c.op(), c.attrs(), Input.computed(z, 5), Input.computed(ANY, 5)).check(3, 100);
            assertTrue(gap < 1e-9, c + " gap " + gap);
        }
    }

    @Test
    void clarkeIntervalAtTheKinkIsCovered() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] plane = new double[3];
        for (double a : new double[] {0, 0.1, -0.5, -1, 2}) {
            for (int t = 0; t < 40_000; t++) {
                double zs = t % 7 == 0 ? 1e-300 : t % 7 == 1 ? 1e200 : 1;
                double gs = t % 5 == 0 ? 1e-200 : t % 5 == 1 ? 1e250 : 1;
                double zl = t % 3 == 0 ? 0 : -rnd.nextDouble(0, 2) * zs;
                double zu = t % 3 == 1 ? 0 : rnd.nextDouble(0, 2) * zs;
                double gl = rnd.nextDouble(-3, 3) * gs;
                double gu = gl + (t % 4 == 0 ? 0 : rnd.nextDouble(0, 4) * gs);
                double theta = t % 2 == 0 ? Double.NaN : rnd.nextDouble();
                double rho = t % 2 == 0 ? Double.NaN : rnd.nextDouble();
                double r = rnd.nextDouble();
                double g = r < 0.2 ? gl : r < 0.4 ? gu : gl + rnd.nextDouble() * (gu - gl);
                double q = rnd.nextDouble();
                double z = q < 0.3 ? 0 : q < 0.45 ? zl : q < 0.6 ? zu : zl + rnd.nextDouble() * (zu - zl);
                double s = z < 0 ? a : z > 0 ? 1 : Math.min(a, 1) + rnd.nextDouble() * Math.abs(1 - a);
                BigDecimal out = new BigDecimal(s).multiply(new BigDecimal(g));
                SlopeProductRelaxation.plane(a, false, zl, zu, gl, gu, false, theta, rho, plane);
                BigDecimal below = value(plane, z, g);
                SlopeProductRelaxation.plane(a, false, zl, zu, gl, gu, true, theta, rho, plane);
                BigDecimal above = value(plane, z, g);
                if (below.compareTo(out) > 0 || above.compareTo(out) < 0) {
                    fail("a=" + a + " z=" + z + " in [" + zl + ", " + zu + "], g=" + g + " in [" + gl + ", " + gu + "], s=" + s
                        + ", theta " + theta + ", rho " + rho + ": " + out + " not in [" + below + ", " + above + "]");
                }
            }
        }
    }

    /** A plane's exact value at (z, g); an infinite constant stands for itself. */
    private static BigDecimal value(double[] plane, double z, double g) {
        double c = plane[UpstreamLineRelaxation.C];
        if (Double.isInfinite(c)) {
            return new BigDecimal(c > 0 ? "1e400" : "-1e400");
        }
        return new BigDecimal(plane[UpstreamLineRelaxation.G]).multiply(new BigDecimal(g))
            .add(new BigDecimal(plane[UpstreamLineRelaxation.Z]).multiply(new BigDecimal(z))).add(new BigDecimal(c));
    }

    /**
     * With a constant upstream gradient (the last layer's), a plane in z is strictly tighter than the
     * paper's constant bounds somewhere: the lower plane of s g with g = 3, z in [-2, 1] and rho = 1
     * is 3 z / 2 (rho capped at 1/2 for z in [-2, 1]), above 0 for z > 0.
     */
    @Test
    void planesInZTightenTheConstantBounds() {
        double[] plane = new double[3];
        SlopeProductRelaxation.plane(0, false, -2, 1, 3, 3, false, Double.NaN, Double.NaN, plane);
        assertEquals(0, plane[UpstreamLineRelaxation.G]);
        assertEquals(0, plane[UpstreamLineRelaxation.Z]);
        assertTrue(plane[UpstreamLineRelaxation.C] <= 0 && plane[UpstreamLineRelaxation.C] > -1e-12);
        // rho = 1 is capped at 1 / 2 (|Z z| <= |g| over [-2, 1]): the line z / 2 on delta, times g
        SlopeProductRelaxation.plane(0, false, -2, 1, 3, 3, false, Double.NaN, 1, plane);
        assertEquals(1.5, plane[UpstreamLineRelaxation.Z], 1e-12);
        assertTrue(plane[UpstreamLineRelaxation.C] <= 0 && plane[UpstreamLineRelaxation.C] > -1e-12);
    }

    /** The recorded alpha gradients of the parameterised planes agree with differences of the bound. */
    @Test
    void alphaGradientsMatchDifferences() {
        long seed = 300;
        for (Case c : CASES) {
            // planes with parameters: z unstable for the piecewise-linear ones, inside the domain for powers
            Kind[] z = c.op().equals("PowGrad") ? new Kind[] {Kind.POSITIVE} : new Kind[] {Kind.MIXED};
            RelaxationHarness.of(seed++, c.op(), c.attrs(), Input.computed(z, 6), Input.computed(ANY, 6)).checkGradient(40);
        }
    }

    /**
     * A slope known to be 0 (z < 0 for ReLU) times an unbounded g is exactly 0: IBP took 0 * inf as
     * NaN bounds. With slopes 1 the interval is g's own; a leaky slope's products round outward.
     */
    @Test
    void knownSlopeTimesAnUnboundedGradient() {
        double inf = Double.POSITIVE_INFINITY;
        Interval z = new Interval(new double[] {-2, 1, -3}, new double[] {-1, 2, -1e-9});
        Interval g = new Interval(new double[] {-inf, -inf, 0.1}, new double[] {inf, 5, 0.7});
        RelaxationHarness relu = RelaxationHarness.of(1, "ReluGrad", Attributes.EMPTY, Input.computed(ANY, 3), Input.computed(ANY, 3));
        Interval out = relu.relaxation().interval(relu.node(), List.of(z, g), relu.graph()).get(0);
        assertArrayEquals(new double[] {0, -inf, 0}, out.lower());
        assertArrayEquals(new double[] {0, 5, 0}, out.upper());
        RelaxationHarness leaky = RelaxationHarness.of(1, "LeakyReluGrad", new Attributes(Map.of("alpha", 0.1)), Input.computed(ANY, 3),
            Input.computed(ANY, 3));
        out = leaky.relaxation().interval(leaky.node(), List.of(z, g), leaky.graph()).get(0);
        assertArrayEquals(new double[] {-inf, -inf}, new double[] {out.lower()[0], out.lower()[1]});
        assertArrayEquals(new double[] {inf, 5}, new double[] {out.upper()[0], out.upper()[1]});
        // 0.1 * 0.1 rounds up and 0.1 * 0.7 down: the bounds step past both
        assertTrue(new BigDecimal(out.lower()[2]).compareTo(new BigDecimal(0.1).multiply(new BigDecimal(0.1))) <= 0);
        assertTrue(new BigDecimal(out.upper()[2]).compareTo(new BigDecimal(0.1).multiply(new BigDecimal(0.7))) >= 0);
    }
}
