package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.Cast;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code Cast} as ONNX defines it. To DOUBLE, or to a type that holds every value of the operand's
 * type: the identity. To a narrower floating format: rounding to nearest, monotone, so IBP rounds the bounds
 * themselves; the backward step keeps the identity and charges the largest rounding error on the
 * interval, {@code |round(x) - x| <= 2^-p |x| + 2^(emin - p)} (half an ulp, or half the subnormal
 * spacing), against the bias; where the interval reaches the overflow range, the element's interval
 * bounds it instead. To an integer type: truncation toward zero, so {@code |trunc(x) - x| < 1}
 * while the interval stays within the type's range, and the whole range once it may wrap around.
 * To BOOL ({@code x != 0}): its interval, a constant line.
 */
public final class CastRelaxation implements Relaxation {
    /** The rounding of one cast node: its scalar function, and how far it moves a value. */
    private record Rounding(DataType to, DoubleUnaryOperator f, int precision, int minExponent, double max) {
        static Rounding of(Node node, Graph graph) {
            DataType to = DataType.fromOnnx((int) node.attributes().getInt("to", 0));
            if (to == null || !to.isFloating() && to != DataType.BOOL && !isInteger(to)) {
                throw new NoRelaxationException(node.describe() + ": no bound relaxation for a cast to " + to);
            }
            DoubleUnaryOperator f = new Cast().function(node, List.of());
            return switch (to) {
                case FLOAT -> new Rounding(to, f, 24, -126, Float.MAX_VALUE);
                case FLOAT16 -> new Rounding(to, f, 11, -14, 65504);
                case BFLOAT16 -> new Rounding(to, f, 8, -126, 0x1.fep127);
                default -> new Rounding(to, f, 0, 0, 0);
            };
        }

        /** To DOUBLE (every value here is one), or to a type that holds every value of the operand's. */
        boolean identity(Graph graph, Node node) {
            return to == DataType.DOUBLE || to.holdsEvery(graph.info(node.input(0)).type());
        }

        /** [lowest, highest] result for inputs in [l, u]. */
        double[] range(double l, double u) {
            if (to == DataType.BOOL) {
                return l > 0 || u < 0 ? new double[] {1, 1} : l == 0 && u == 0 ? new double[] {0, 0} : new double[] {0, 1};
            }
            double[] r = integerRange();
            if (r != null && !(inRange(l, r) && inRange(u, r))) {
                return r;
            }
            // rounding and (in range) truncation are monotone
            return new double[] {f.applyAsDouble(l), f.applyAsDouble(u)};
        }

        /** A bound of |cast(x) - x| on [l, u], or +infinity when no identity line holds there. */
        double error(double l, double u) {
            if (to == DataType.BOOL) {
                return Double.POSITIVE_INFINITY;
            }
            double[] r = integerRange();
            if (r != null) {
                return inRange(l, r) && inRange(u, r) ? 1 : Double.POSITIVE_INFINITY;
            }
            double m = Math.max(Math.abs(l), Math.abs(u));
            return m <= max ? Math.nextUp(Math.scalb(m, -precision) + Math.scalb(1.0, minExponent - precision))
                : Double.POSITIVE_INFINITY;
        }

        /** Whether truncating x gives an integer within [r0, r1]: no wrap-around, no NaN. */
        private static boolean inRange(double x, double[] r) {
            return x > r[0] - 1 && x < r[1] + 1;
        }

        /** [min, max] of an integer type, null for the others. */
        private double[] integerRange() {
            return switch (to) {
                case INT8 -> new double[] {-128, 127};
                case UINT8 -> new double[] {0, 255};
                case INT16 -> new double[] {-32768, 32767};
                case UINT16 -> new double[] {0, 65535};
                case INT32 -> new double[] {-0x1p31, 0x1p31 - 1};
                case UINT32 -> new double[] {0, 0x1p32 - 1};
                case INT64 -> new double[] {-0x1p63, 0x1p63};
                case UINT64 -> new double[] {0, 0x1p64};
                default -> null;
            };
        }

        private static boolean isInteger(DataType t) {
            return switch (t) {
                case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64 -> true;
                default -> false;
            };
        }
    }

    private final NodeCache<Rounding> roundings = new NodeCache<>();

    private Rounding rounding(Node node, Graph graph) {
        return roundings.get(graph, node, () -> Rounding.of(node, graph));
    }

    @Override
    public boolean needsInputBounds() {
        return true;
    }

    /** The input bounds only size the rounding error: IBP's are good enough, no CROWN refinement. */
    @Override
    public boolean needsRefinement(double l, double u) {
        return false;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Interval x = inputs.get(0);
        Rounding r = rounding(node, graph);
        if (r.identity(graph, node)) {
            return List.of(x);
        }
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        for (int i = 0; i < lo.length; i++) {
            double[] range = r.range(x.lower()[i], x.upper()[i]);
            lo[i] = range[0];
            hi[i] = range[1];
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Rounding r = rounding(node, step.graph());
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        if (r.identity(step.graph(), node)) {
            for (int i = 0; i < a.length; i++) {
                acc[i] += a[i];
            }
            return;
        }
        Interval x = step.inputBounds(0);
        int n = x.size();
        double[] delta = new double[n];
        double[][] range = new double[n][];
        for (int j = 0; j < n; j++) {
            delta[j] = r.error(x.lower()[j], x.upper()[j]);
            range[j] = r.range(x.lower()[j], x.upper()[j]);
        }
        double[] bias = step.bias();
        double pad = 1 + OutwardRounding.gamma(n + 1);
        for (int k = 0; k < step.rows(); k++) {
            double e = 0;
            double constant = 0;
            for (int j = 0; j < n; j++) {
                double ak = a[k * n + j];
                if (ak == 0) {
                    continue;
                }
                if (delta[j] < Double.POSITIVE_INFINITY) {
                    acc[k * n + j] += ak;
                    e += Math.abs(ak) * delta[j];
                } else {
                    // the lower line of ak * y is the constant ak times y's end that minimises it
                    constant += ak * (ak > 0 ? range[j][0] : range[j][1]);
                }
            }
            double b = constant - Math.abs(constant) * OutwardRounding.gamma(n + 1) - e * pad;
            bias[k] += Double.isNaN(b) ? Double.NEGATIVE_INFINITY : b; // an end at +-infinity: no bound
        }
        step.recordLinearization((row, inputs) -> {
            double[] y = inputs[0].clone();
            for (int j = 0; j < n; j++) {
                double ak = a[row * n + j];
                if (ak != 0) {
                    y[j] = delta[j] < Double.POSITIVE_INFINITY ? y[j] - Math.signum(ak) * delta[j]
                        : ak > 0 ? range[j][0] : range[j][1];
                }
            }
            return new double[][] {y};
        });
    }
}
