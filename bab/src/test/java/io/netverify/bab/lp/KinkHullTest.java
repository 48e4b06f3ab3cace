package io.netverify.bab.lp;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Operators;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rows of ReLU, LeakyRelu and Abs elements hold, in exact arithmetic, at sampled points of the
 * operator's graph as the evaluator computes it and as real arithmetic does, over intervals of
 * every magnitude (1e-300 to 1e300, zero width, one end at 0), and the chord is tight at the ends.
 */
class KinkHullTest {
    private static final int Y = 0;
    private static final int X = 1;

    /** Op type, attributes and the slope below 0 the relaxation reports. */
    private record Op(String type, Attributes attributes, double slope) {
        static Op leaky(double alpha) {
            return new Op("LeakyRelu", new Attributes(Map.of("alpha", alpha)), alpha);
        }
    }

    private static final List<Op> OPS = List.of(
        new Op("Relu", Attributes.EMPTY, 0), new Op("Abs", Attributes.EMPTY, -1), Op.leaky(0.01),
        Op.leaky(0.3), Op.leaky(1), Op.leaky(2.5), Op.leaky(-0.7));

    private static double[] evaluate(Op op, double[] x) {
        Node node = new Node("n", op.type(), List.of("x"), List.of("y"), op.attributes());
        return Operators.find(op.type()).orElseThrow().evaluate(node, List.of(Tensor.of(Shape.of(x.length), x)))
            .get(0).data();
    }

    private static List<double[]> intervals(SplittableRandom r) {
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            double scale = Math.pow(10, r.nextInt(-300, 301));
            double a = (r.nextDouble() * 2 - 1) * scale;
            double b = (r.nextDouble() * 2 - 1) * scale * (r.nextBoolean() ? 1 : 1e-3);
            switch (t % 6) {
                case 0 -> out.add(new double[] {a, a});
                case 1 -> out.add(new double[] {-Math.abs(a), 0});
                case 2 -> out.add(new double[] {0, Math.abs(a)});
                default -> out.add(new double[] {Math.min(a, b), Math.max(a, b)});
            }
        }
        return out;
    }

    @Test
    void rowsHoldOnTheComputedAndTheRealGraph() {
        SplittableRandom r = new SplittableRandom(5);
        for (Op op : OPS) {
            KinkHull hull = new KinkHull(op.slope());
            for (double[] iv : intervals(r)) {
                double l = iv[0];
                double u = iv[1];
                LpBuilder b = new LpBuilder();
                b.variable(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
                b.variable(l, u);
                hull.add(b, Y, X, l, u);
                LpProblem p = b.build();
                double[] range = hull.range(l, u);
                double[] x = new double[12];
                for (int i = 0; i < x.length; i++) {
                    x[i] = i == 0 ? l : i == 1 ? u : i == 2 && l < 0 && u > 0 ? 0 : l + r.nextDouble() * (u - l);
                    x[i] = Math.min(u, Math.max(l, x[i]));
                }
                double[] y = evaluate(op, x);
                String what = op + " over [" + l + ", " + u + "]";
                for (int i = 0; i < x.length; i++) {
                    BigDecimal xe = new BigDecimal(x[i]);
                    BigDecimal real = x[i] >= 0 ? xe : xe.multiply(new BigDecimal(op.slope()));
                    for (BigDecimal ye : List.of(new BigDecimal(y[i]), real)) {
                        holds(p, ye, xe, what + " at x = " + x[i] + ", y = " + ye);
                        if (ye.compareTo(new BigDecimal(range[0])) < 0 || ye.compareTo(new BigDecimal(range[1])) > 0) {
                            fail(what + ": y = " + ye + " outside the range [" + range[0] + ", " + range[1] + "]");
                        }
                    }
                }
                // where no product of the chord's sides underflows or overflows
                if (l < 0 && u > 0 && -l * u > 1e-250 && -l * u < 1e250) {
                    chordTightAtTheEnds(p, op, l, u, what);
                }
            }
        }
    }

    /** Every row's activity at (y, x), exactly, within the row's sides. */
    private static void holds(LpProblem p, BigDecimal y, BigDecimal x, String what) {
        for (int row = 0; row < p.rowCount(); row++) {
            BigDecimal activity = BigDecimal.ZERO;
            for (int e = p.rowStart()[row]; e < p.rowStart()[row + 1]; e++) {
                activity = activity.add(new BigDecimal(p.values()[e]).multiply(p.columns()[e] == Y ? y : x));
            }
            double lo = p.rowLower()[row];
            double hi = p.rowUpper()[row];
            if (lo > Double.NEGATIVE_INFINITY && activity.compareTo(new BigDecimal(lo)) < 0
                || hi < Double.POSITIVE_INFINITY && activity.compareTo(new BigDecimal(hi)) > 0) {
                fail(what + ": row " + row + " activity " + activity + " outside [" + lo + ", " + hi + "]");
            }
        }
    }

    /** The chord's side is reached at (l, f(l)) and (u, u) up to 1e-12 of the row's magnitude over [l, u]. */
    private static void chordTightAtTheEnds(LpProblem p, Op op, double l, double u, String what) {
        int chord = p.rowCount() - 1;
        int e = p.rowStart()[chord];
        double a = p.columns()[e] == Y ? p.values()[e] : p.values()[e + 1];
        double c = p.columns()[e] == X ? p.values()[e] : p.values()[e + 1];
        double side = op.slope() <= 1 ? p.rowUpper()[chord] : p.rowLower()[chord];
        assertTrue(Double.isFinite(side), what + ": no chord");
        double scale = Math.abs(a) * Math.max(Math.abs(op.slope() * l), u) + Math.abs(c) * Math.max(-l, u);
        for (double x : new double[] {l, u}) {
            double fx = x >= 0 ? x : op.slope() * x;
            double activity = a * fx + c * x;
            assertTrue(Math.abs(activity - side) <= 1e-12 * scale, what + ": chord side " + side + ", activity at " + x + " " + activity);
        }
    }
}
