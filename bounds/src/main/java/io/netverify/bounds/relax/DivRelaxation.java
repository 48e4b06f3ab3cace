package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/**
 * {@code Div(x, y)} with numpy broadcasting, for a divisor of fixed sign on its interval (else an
 * error: x / y is unbounded). IBP: the extreme quotients of the end points (x / y is monotone in
 * each argument there). Backward: x / y = x r with r = 1/y; the product gets a McCormick plane over
 * r's interval ({@link Bilinear}), and r, by the sign of its coefficient in that plane, the chord or
 * a tangent of 1/y ({@link Reciprocal}). A constant divisor is exact: x times 1/c.
 *
 * <p>alpha-CROWN: per row and element, the two plane-mixing parameters as for Mul and the tangent
 * point (a fraction of y's interval, default the tangent parallel to the chord).
 */
public final class DivRelaxation implements Relaxation {
    @Override
    public boolean needsInputBounds() {
        return true;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Shape out = graph.shape(node.output());
        int[] mx = Broadcast.indexMap(graph.shape(node.input(0)), out);
        int[] my = Broadcast.indexMap(graph.shape(node.input(1)), out);
        Interval x = inputs.get(0);
        Interval y = inputs.get(1);
        checkDivisor(node, y);
        double[] lo = new double[out.size()];
        double[] hi = new double[out.size()];
        for (int j = 0; j < lo.length; j++) {
            lo[j] = corner(x.lower()[mx[j]], x.upper()[mx[j]], y.lower()[my[j]], y.upper()[my[j]], false);
            hi[j] = corner(x.lower()[mx[j]], x.upper()[mx[j]], y.lower()[my[j]], y.upper()[my[j]], true);
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Interval yb = step.inputBounds(1);
        checkDivisor(node, yb);
        Shape out = step.outputShape(0);
        int n = out.size();
        int[] mx = Broadcast.indexMap(step.inputShape(0), out);
        int[] my = Broadcast.indexMap(step.inputShape(1), out);
        double[] a = step.coefficients();
        Tensor divisor = step.constant(1);
        if (divisor != null) {
            InputCoefficients in = new InputCoefficients(step, 1);
            for (int k = 0; k < step.rows(); k++) {
                for (int j = 0; j < n; j++) {
                    in.add(k, 0, mx[j], a[k * n + j] / divisor.get(my[j]));
                }
            }
            step.recordLinearization((row, given) -> {
                double[] x = in.values(given)[0];
                double[] r = new double[n];
                for (int j = 0; j < n; j++) {
                    r[j] = x[mx[j]] / divisor.get(my[j]);
                }
                return new double[][] {r};
            });
            return;
        }
        Terms terms = new Terms(step.inputBounds(0), yb, mx, my, n);
        double[] alpha = Alphas.unit(step, 3 * n, j -> j < 2 * n ? Bilinear.DEFAULT_MIX : terms.defaultTangent(j - 2 * n));
        InputCoefficients in = new InputCoefficients(step, 2);
        double[] t = new double[3];
        double[] line = new double[2];
        for (int k = 0; k < step.rows(); k++) {
            double bias = 0;
            for (int j = 0; j < n; j++) {
                double ak = a[k * n + j];
                if (ak == 0) {
                    continue;
                }
                terms.term(j, ak, alpha, k, t, line);
                double ar = ak * t[Terms.CR];
                in.add(k, 0, mx[j], ak * t[Terms.CX]);
                bias += ak * t[Terms.C];
                if (ar != 0) {
                    // r's line may be an unbounded constant (1/y of a subnormal y): never 0 * inf
                    in.add(k, 1, my[j], ar * line[0]);
                    bias += ar * line[1];
                }
            }
            // a term whose output overflows (+inf) beside one with an unbounded r (-inf): addBias gives -inf
            in.addBias(k, bias);
        }
        if (alpha == null) {
            return;
        }
        step.recordLinearization((row, given) -> {
            double[][] v = in.values(given);
            double[] r = new double[n];
            double[] q = new double[3];
            double[] ln = new double[2];
            for (int j = 0; j < n; j++) {
                terms.term(j, a[row * n + j], alpha, row, q, ln);
                double recip = ln[0] * v[1][my[j]] + ln[1];
                r[j] = q[Terms.CX] * v[0][mx[j]] + q[Terms.CR] * recip + q[Terms.C];
            }
            return new double[][] {r};
        });
        step.recordAlphaGradient((row, given, grad) -> {
            double[][] v = in.values(given);
            double[] q = new double[3];
            double[] ln = new double[2];
            for (int j = 0; j < n; j++) {
                double ak = a[row * n + j];
                if (ak != 0) {
                    terms.gradient(j, ak, alpha, row, v[0][mx[j]], v[1][my[j]], q, ln, grad);
                }
            }
        });
    }

    /**
     * A bound below (or with {@code upper} above) x / y over the box: the least (largest) quotient of
     * its corners, since division is monotone in each argument on a divisor of fixed sign, each
     * rounded outward ({@link #quotientDown}): IBP must hold for the real quotient, which float64's
     * misses by up to half an ulp.
     */
    private static double corner(double xl, double xu, double yl, double yu, boolean upper) {
        if (upper) {
            return 0.0 - corner(-xu, -xl, yl, yu, false); // 0.0 -: no negative zero
        }
        return Math.min(Math.min(quotientDown(xl, yl), quotientDown(xl, yu)), Math.min(quotientDown(xu, yl), quotientDown(xu, yu)));
    }

    /**
     * A number at most the real a / b (b nonzero): float64's quotient q, one step down unless the
     * residual {@code q b - a} (exact by a fused multiply-add where |a| >= 2^-960, far from underflow)
     * shows that q is not above it. An overflow to +inf gives the largest double; an end at infinity
     * stands for an unbounded real (a / inf: 0, inf / inf: no bound).
     */
    static double quotientDown(double a, double b) {
        if (a == 0) {
            return 0;
        }
        double q = a / b;
        if (!Double.isFinite(q)) {
            return OutwardRounding.lowerBound(Math.nextDown(q));
        }
        if (!Double.isFinite(b)) {
            return q;
        }
        if (Math.abs(a) >= 0x1p-960) {
            double r = Math.fma(q, b, -a);
            if (r == 0 || r > 0 != b > 0) {
                return q;
            }
        }
        return Math.nextDown(q);
    }

    private static void checkDivisor(Node node, Interval y) {
        for (int i = 0; i < y.size(); i++) {
            if (!Reciprocal.signDefinite(y.lower()[i], y.upper()[i])) {
                throw new NoRelaxationException(node.describe() + ": divisor '" + node.input(1) + "' element " + i
                    + " lies in [" + y.lower()[i] + ", " + y.upper()[i] + "]; bounds need a divisor of fixed sign");
            }
        }
    }

    /**
     * The relaxation of element j: x r by a plane (CX, CR, C: coefficients on x and r, constant),
     * r by a line in y. Alpha layout rows x [lower mix, upper mix, tangent]. Stateless, so the
     * recorded linearisation and gradient may run concurrently.
     */
    private static final class Terms {
        static final int CX = Bilinear.CX, CR = Bilinear.CY, C = Bilinear.C;
        /** Coefficients on y beyond this overflow with a row's coefficient (or in the sums after it). */
        private static final double MAX_COEFFICIENT = 1e300;
        private final double[] xl;
        private final double[] xu;
        private final double[] yl;
        private final double[] yu;
        private final double[] rl;
        private final double[] ru;
        private final int[] mx;
        private final int[] my;
        private final int n;
        /** Bounds of each element's quotient over the box ({@link #corner}). */
        private final double[] lowest;
        private final double[] highest;

        Terms(Interval x, Interval y, int[] mx, int[] my, int n) {
            xl = x.lower();
            xu = x.upper();
            yl = y.lower();
            yu = y.upper();
            rl = new double[y.size()];
            ru = new double[y.size()];
            for (int i = 0; i < rl.length; i++) {
                // 1/y is decreasing on either sign: r in [1/yu, 1/yl], widened for rounding.
                double lo = 1 / yu[i];
                double hi = 1 / yl[i];
                rl[i] = OutwardRounding.padDown(lo, Math.abs(lo));
                ru[i] = OutwardRounding.padUp(hi, Math.abs(hi));
            }
            this.mx = mx;
            this.my = my;
            this.n = n;
            lowest = new double[n];
            highest = new double[n];
            for (int j = 0; j < n; j++) {
                lowest[j] = corner(xl[mx[j]], xu[mx[j]], yl[my[j]], yu[my[j]], false);
                highest[j] = corner(xl[mx[j]], xu[mx[j]], yl[my[j]], yu[my[j]], true);
            }
        }

        double defaultTangent(int j) {
            return Reciprocal.parallelTangent(yl[my[j]], yu[my[j]]);
        }

        private double alpha(double[] alpha, int k, int slot, int j) {
            return alpha[k * 3 * n + slot * n + j];
        }

        /**
         * The plane and the line of r ({@code line[0] y + line[1]}) that element j uses for a row's
         * coefficient {@code ak}; false where the row's coefficients on them would overflow (x's bound
         * 1e308 times a coefficient 2.3) or the quotient itself may overflow, which then hold the
         * element's constant bound instead.
         */
        boolean term(int j, double ak, double[] alpha, int k, double[] plane, double[] line) {
            boolean upper = ak < 0;
            int x = mx[j];
            int y = my[j];
            double mix = alpha == null ? Bilinear.DEFAULT_MIX : alpha(alpha, k, upper ? 1 : 0, j);
            Bilinear.plane(xl[x], xu[x], rl[y], ru[y], upper, mix, plane);
            // The row's coefficient on r is (its sign) * CR: bound r from below where that is positive.
            boolean rUpper = upper == (plane[CR] > 0);
            double tangent = alpha == null ? defaultTangent(j) : alpha(alpha, k, 2, j);
            Reciprocal.line(yl[y], yu[y], rUpper, tangent, line);
            double coefficient = ak * plane[CR] * line[0];
            boolean underflows = line[0] != 0 && Math.abs(coefficient) < Double.MIN_NORMAL && Double.isFinite(rUpper ? ru[y] : rl[y]);
            if (!(Math.abs(plane[CR] * line[0]) < MAX_COEFFICIENT) || underflows) {
                // x's bound times 1/y's slope overflows (1e186 times 1e218), or the row's coefficient on y
                // underflows (2e-104 times 8e-281), losing a term as large as the output (times y near
                // 1e140): r by its constant bound instead
                line[0] = 0;
                line[1] = rUpper ? ru[y] : rl[y];
            }
            // the quotient overflows to an infinity somewhere in the box (1.48 / -7.3e-309): float64's output
            // there is no point of any line, so the element's bound is that infinity
            double extreme = upper ? highest[j] : lowest[j];
            if (Double.isFinite(extreme) && Double.isFinite(ak * plane[CX]) && Double.isFinite(ak * plane[CR])
                && Double.isFinite(ak * plane[C]) && Double.isFinite(ak * plane[CR] * line[0])) {
                return true;
            }
            plane[CX] = 0;
            plane[CR] = 0;
            plane[C] = extreme;
            line[0] = 0;
            line[1] = 0;
            return false;
        }

        /** Adds d(row's bound)/d(alpha) of element j at the linearised network's (x, y). */
        void gradient(int j, double ak, double[] alpha, int k, double xv, double yv, double[] q, double[] line, double[] grad) {
            boolean upper = ak < 0;
            if (!term(j, ak, alpha, k, q, line)) {
                return;
            }
            int x = mx[j];
            int y = my[j];
            double recip = line[0] * yv + line[1];
            grad[k * 3 * n + (upper ? n : 0) + j] += ak * Bilinear.mixDerivative(xl[x], xu[x], rl[y], ru[y], upper, xv, recip);
            double ar = ak * q[CR];
            if (ar != 0 && Reciprocal.usesTangent(yl[y], ar < 0)) {
                double t = yl[y] + alpha(alpha, k, 2, j) * (yu[y] - yl[y]);
                grad[k * 3 * n + 2 * n + j] += ar * Reciprocal.tangentDerivative(t, yv) * (yu[y] - yl[y]);
            }
        }
    }
}
