package io.netverify.bounds.relax;

import io.netverify.bounds.relax.ElementwiseSamplingTest.Case;
import io.netverify.bounds.relax.ElementwiseSamplingTest.Domain;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The analytic derivatives of every element-wise relaxation's lines (with respect to its parameter
 * and to l and u) against central differences, on random intervals and parameters: where the
 * forward and backward differences agree (away from a kink, where the line switches form) the
 * analytic derivative must match their mean closely. Each operator must have many such checks with
 * a nonzero derivative, so a derivative left at 0 fails.
 */
class LineDerivativesTest {
    private static final int INTERVALS = 300;
    /** Constant or identity functions: exact lines that do not move. */
    private static final java.util.Set<String> LINEAR = java.util.Set.of("Clip min > max", "Pow 1.0", "Pow 0.0");

    static Stream<Case> cases() {
        return Stream.concat(Stream.of(new Case("Relu", "Relu", Attributes.EMPTY, List.of(), Domain.REAL, new double[] {0})),
            ElementwiseSamplingTest.cases());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void analyticDerivativesMatchCentralDifferences(Case c) {
        Graph g = ElementwiseSamplingTest.graph(c, 1);
        ElementwiseRelaxation r = ((ElementwiseRelaxation) Relaxations.find(c.op()).orElseThrow()).of(g.nodes().get(0), g);
        SplittableRandom rnd = new SplittableRandom(c.name().hashCode());
        int[] nonzero = new int[3];
        for (int k = 0; k < INTERVALS; k++) {
            double[] lu = interval(c, rnd);
            double l = lu[0];
            double u = lu[1];
            for (boolean upper : new boolean[] {false, true}) {
                double init = r.initialAlpha(l, u, upper);
                double alpha = Double.NaN;
                if (!Double.isNaN(init) && rnd.nextBoolean()) {
                    // an interior parameter: a fraction inside (0, 1), or else a tangent point inside [l, u]
                    double t = 0.05 + 0.9 * rnd.nextDouble();
                    alpha = r.projectAlpha(l, u, upper, t) == t ? t : r.projectAlpha(l, u, upper, l + t * (u - l));
                }
                double[] d = r.lineAndDerivatives(l, u, alpha, upper);
                double h = 1e-6 * Math.max(1e-3, u - l);
                String where = c + (upper ? " upper" : " lower") + " line on [" + l + ", " + u + "], alpha " + alpha;
                if (!Double.isNaN(alpha)) {
                    nonzero[0] += check(where + ", d/dalpha", d, ElementwiseRelaxation.D_ALPHA,
                        line(r, l, u, alpha - h, upper), line(r, l, u, alpha, upper), line(r, l, u, alpha + h, upper), h);
                } else if (d[ElementwiseRelaxation.D_ALPHA] != 0 || d[ElementwiseRelaxation.D_ALPHA + 1] != 0) {
                    fail(where + ": the default line has a derivative with respect to a parameter");
                }
                nonzero[1] += check(where + ", d/dl", d, ElementwiseRelaxation.D_L,
                    line(r, l - h, u, alpha, upper), line(r, l, u, alpha, upper), line(r, l + h, u, alpha, upper), h);
                nonzero[2] += check(where + ", d/du", d, ElementwiseRelaxation.D_U,
                    line(r, l, u - h, alpha, upper), line(r, l, u, alpha, upper), line(r, l, u + h, alpha, upper), h);
            }
        }
        if (LINEAR.contains(c.name())) {
            assertTrue(nonzero[0] + nonzero[1] + nonzero[2] == 0, c + " is linear, but its lines move");
            return;
        }
        assertTrue(nonzero[1] > 20 && nonzero[2] > 20, c + ": too few nonzero derivatives checked " + java.util.Arrays.toString(nonzero));
        assertTrue(nonzero[0] > 10, c + ": too few nonzero parameter derivatives checked " + java.util.Arrays.toString(nonzero));
    }

    private static double[] line(ElementwiseRelaxation r, double l, double u, double alpha, boolean upper) {
        double[] out = new double[2];
        r.line(l, u, alpha, upper, out);
        return out;
    }

    /**
     * Checks slope and intercept derivatives at {@code d[at]}, {@code d[at + 1]} against the central
     * difference of the lines at -h, 0, +h; returns how many nonzero derivatives it checked (0 at a kink).
     */
    private static int check(String where, double[] d, int at, double[] minus, double[] mid, double[] plus, double h) {
        int checked = 0;
        for (int j = 0; j < 2; j++) {
            double forward = (plus[j] - mid[j]) / h;
            double backward = (mid[j] - minus[j]) / h;
            // rounding of the lines (and their few ulps of padding) in a difference quotient
            double noise = 64 * Math.ulp(Math.abs(mid[0]) * 10 + Math.abs(mid[1]) + 1) / h;
            // f as evaluated (erf, say) may ripple by more than its ulps around the true f whose f' the derivatives use
            double tolerance = 1e-5 * (Math.abs(forward) + Math.abs(backward) + 2 * (1 + Math.abs(mid[0]))) + noise;
            if (!(Math.abs(forward - backward) <= 1e-3 * (Math.abs(forward) + Math.abs(backward)) + noise)) {
                continue; // a kink: the line switches form between the two sides
            }
            double central = (forward + backward) / 2;
            if (!(Math.abs(d[at + j] - central) <= tolerance)) {
                fail(where + ": " + (j == 0 ? "slope" : "intercept") + " derivative " + d[at + j]
                    + ", central difference " + central + " (forward " + forward + ", backward " + backward + ")");
            }
            checked += Math.abs(central) > 10 * noise ? 1 : 0;
        }
        return checked;
    }

    /** A random finite interval of the operator's domain: mostly of width 0.01 to 8 around its special points. */
    private static double[] interval(Case c, SplittableRandom rnd) {
        while (true) {
            double centre = c.special()[rnd.nextInt(c.special().length)] + 4 * (rnd.nextDouble() - 0.5);
            double w = Math.exp(Math.log(0.01) + rnd.nextDouble() * Math.log(800));
            double l = centre - w * rnd.nextDouble();
            double u = l + w;
            boolean ok = switch (c.domain()) {
                case REAL -> true;
                case NON_NEGATIVE -> l >= 0;
                case POSITIVE -> l > 0;
                case NON_ZERO -> l > 0 || u < 0;
            };
            if (ok && Math.abs(l) < 40 && Math.abs(u) < 40) {
                return new double[] {l, u};
            }
        }
    }
}
