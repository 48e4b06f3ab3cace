package io.netverify.bounds.relax;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default lines are CROWN's: chords, midpoint tangents, and tangents through the far end point. */
class CurveLinesTest {
    private static final DoubleUnaryOperator SIGMOID = x -> 1 / (1 + Math.exp(-x));

    /** {lower slope, lower intercept, upper slope, upper intercept}. */
    private static double[] lines(ElementwiseRelaxation r, double l, double u) {
        double[] out = new double[4];
        r.lines(l, u, Double.NaN, Double.NaN, out);
        return out;
    }

    private static double at(double[] line, int slope, double x) {
        return line[slope] * x + line[slope + 1];
    }

    /** The smallest distance between the line and f on a fine grid of [a, b], and where. */
    private static double[] closest(double[] line, int slope, DoubleUnaryOperator f, double a, double b) {
        double best = Double.POSITIVE_INFINITY;
        double where = Double.NaN;
        for (int k = 0; k <= 100_000; k++) {
            double x = a + (b - a) * k / 100_000;
            double d = Math.abs(at(line, slope, x) - f.applyAsDouble(x));
            if (d < best) {
                best = d;
                where = x;
            }
        }
        return new double[] {best, where};
    }

    @Test
    void sigmoidOnOneSideTakesTheChordAndTheMidpointTangent() {
        double[] ln = lines(new SigmoidRelaxation(), 1, 3);
        double s2 = SIGMOID.applyAsDouble(2);
        assertEquals(s2 * (1 - s2), ln[2], 1e-15, "upper: tangent at the midpoint");
        assertEquals(s2, at(ln, 2, 2), 1e-14);
        assertEquals(SIGMOID.applyAsDouble(1), at(ln, 0, 1), 1e-14, "lower: chord");
        assertEquals(SIGMOID.applyAsDouble(3), at(ln, 0, 3), 1e-14);

        ln = lines(new SigmoidRelaxation(), -3, -1);
        assertEquals(s2 * (1 - s2), ln[0], 1e-15, "lower: tangent at the midpoint");
        assertEquals(SIGMOID.applyAsDouble(-3), at(ln, 2, -3), 1e-14, "upper: chord");
        assertEquals(SIGMOID.applyAsDouble(-1), at(ln, 2, -1), 1e-14);
    }

    @Test
    void sigmoidAcrossZeroTakesTangentsThroughTheFarEndPoints() {
        double[] ln = lines(new SigmoidRelaxation(), -4, 1);
        assertEquals(SIGMOID.applyAsDouble(1), at(ln, 0, 1), 1e-14, "lower line passes through (u, f(u))");
        double[] touch = closest(ln, 0, SIGMOID, -4, 0);
        assertTrue(touch[0] < 1e-9 && touch[1] > -4 && touch[1] < 0, "and touches the convex side: " + touch[1]);
        assertEquals(SIGMOID.applyAsDouble(-4), at(ln, 2, -4), 1e-14, "no tangent from (-4, f(-4)) touches [0, 1]: the chord");
        assertEquals(SIGMOID.applyAsDouble(1), at(ln, 2, 1), 1e-14);

        ln = lines(new SigmoidRelaxation(), -1, 4);
        assertEquals(SIGMOID.applyAsDouble(-1), at(ln, 2, -1), 1e-14, "upper line passes through (l, f(l))");
        touch = closest(ln, 2, SIGMOID, 0, 4);
        assertTrue(touch[0] < 1e-9 && touch[1] > 0 && touch[1] < 4, "and touches the concave side: " + touch[1]);
        assertEquals(SIGMOID.applyAsDouble(-1), at(ln, 0, -1), 1e-14, "lower: the chord");
        assertEquals(SIGMOID.applyAsDouble(4), at(ln, 0, 4), 1e-14);
    }

    @Test
    void tanhAcrossZeroTakesTheChordWhereItIsValid() {
        // tanh'(0.2) exceeds the chord's slope: no tangent from (-3, tanh(-3)) touches [0, 0.2]
        double[] ln = lines(new TanhRelaxation(), -3, 0.2);
        assertEquals(Math.tanh(-3), at(ln, 2, -3), 1e-14);
        assertEquals(Math.tanh(0.2), at(ln, 2, 0.2), 1e-14);
    }

    @Test
    void alphaStartsAtTheDefaultTangentPoint() {
        SigmoidRelaxation r = new SigmoidRelaxation();
        double d = r.initialAlpha(-4, 1, false);
        assertTrue(d > -4 && d < 0, "tangent point of the lower line: " + d);
        assertTrue(Double.isNaN(r.initialAlpha(-4, 1, true)), "the upper line is a chord");
        double[] fromAlpha = new double[4];
        r.lines(-4, 1, d, Double.NaN, fromAlpha);
        double[] byDefault = lines(r, -4, 1);
        for (int i = 0; i < 4; i++) {
            assertEquals(byDefault[i], fromAlpha[i], 0);
        }
        assertTrue(Double.isNaN(r.initialAlpha(1, 3, false)), "a chord has nothing to optimise");
        assertEquals(2, r.initialAlpha(1, 3, true), 0);
    }

    @Test
    void expHasTheChordAboveAndTheMidpointTangentBelow() {
        double[] ln = lines(new ExpRelaxation(), 0, 2);
        assertEquals(Math.E, ln[0], 1e-15);
        assertEquals(Math.E, at(ln, 0, 1), 1e-13);
        assertEquals(1, at(ln, 2, 0), 1e-13);
        assertEquals(Math.exp(2), at(ln, 2, 2), 1e-13);
    }

    @Test
    void sinOverAHalfPeriodAndAFullPeriod() {
        double[] ln = lines(new SinRelaxation(), 0, Math.PI);
        assertEquals(0, ln[0], 1e-15, "lower: the chord y = 0");
        assertEquals(0, ln[1], 1e-14);
        assertEquals(0, ln[2], 1e-15, "upper: the tangent at pi/2, y = 1");
        assertEquals(1, ln[3], 1e-14);
        ln = lines(new SinRelaxation(), -10, 10);
        assertEquals(-1, at(ln, 0, 3), 0);
        assertEquals(1, at(ln, 2, 3), 0);
    }

    @Test
    void geluAcrossItsMinimumIsBoundedBelowByTheTangentAtZero() {
        // 0.5 x <= x Phi(x) everywhere; on [-5, 5] it is the best line at the midpoint
        double[] ln = lines(new GeluRelaxation(), -5, 5);
        assertEquals(0.5, ln[0], 1e-12);
        assertEquals(0, ln[1], 1e-12);
        double gelu5 = 5 * 0.5 * (1 + erf(5 / Math.sqrt(2)));
        assertEquals(gelu5, at(ln, 2, 5), 1e-9, "upper: the chord");
        assertEquals(gelu5 - 5, at(ln, 2, -5), 1e-9);
    }

    private static double erf(double x) {
        return new io.netverify.onnx.ops.Erf().function(null, java.util.List.of()).applyAsDouble(x);
    }

    @Test
    void leakyReluFollowsCrownsSlopeRule() {
        LeakyReluRelaxation r = new LeakyReluRelaxation();
        double a = 0.01f;
        double[] ln = lines(r, -1, 3);
        assertEquals(1, ln[0], 0, "chord slope (3 + a) / 4 > 0.5: lower slope 1");
        assertEquals((3 + a) / 4, ln[2], 1e-15);
        ln = lines(r, -3, 1);
        assertEquals(a, ln[0], 0, "chord slope (1 + 3a) / 4 < 0.5: lower slope a");
    }
}
