package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of element-wise nonlinear relaxations {@code y = f(x)}: per neuron with input in [l, u], a
 * lower line and an upper line, {@code ls x + lb <= f(x) <= us x + ub} for all x in [l, u]. The
 * backward step uses the lower line where a row's coefficient is positive and the upper line where
 * it is negative.
 *
 * <p>Optimisable relaxations (alpha-CROWN) take a parameter for the lower line and one for the upper
 * line of each neuron, per row (e.g. ReLU's lower slope, a tangent point). {@link #initialAlpha}
 * gives the default (NaN: nothing to optimise), {@link #projectAlpha} the feasible set; the lines
 * must be sound for every feasible parameter.
 */
public abstract class ElementwiseRelaxation implements Relaxation {
    /** Index of the lower slope, lower intercept, upper slope, upper intercept in a line array. */
    protected static final int LS = 0, LB = 1, US = 2, UB = 3;
    /** Rough cost of one neuron's lines in multiply-adds, for the parallel threshold. */
    private static final int LINE_COST = 64;

    /** Sound bounds of f over [l, u] into {@code out}: {lower, upper}. */
    protected abstract void range(double l, double u, double[] out);

    /**
     * Sound lines of f over [l, u] into {@code out} (LS, LB, US, UB). {@code alphaLower} and
     * {@code alphaUpper} are the parameters of the two lines, or NaN for the default relaxation.
     */
    protected abstract void lines(double l, double u, double alphaLower, double alphaUpper, double[] out);

    /** The default parameter of a neuron's lower (or upper) line, or NaN when it has none. */
    protected double initialAlpha(double l, double u, boolean upper) {
        return Double.NaN;
    }

    /** The nearest feasible parameter (the lines must be sound for every value this returns). */
    protected double projectAlpha(double l, double u, boolean upper, double alpha) {
        return alpha;
    }

    /**
     * How far apart the default lines are over [l, u] (at the wider end): roughly what splitting the
     * neuron can recover, for branching heuristics.
     */
    public double looseness(double l, double u) {
        double[] ln = new double[4];
        lines(l, u, Double.NaN, Double.NaN, ln);
        double gap = Math.max((ln[US] - ln[LS]) * l + ln[UB] - ln[LB], (ln[US] - ln[LS]) * u + ln[UB] - ln[LB]);
        return Double.isNaN(gap) ? Double.POSITIVE_INFINITY : Math.max(0, gap);
    }

    /**
     * Where branch and bound splits a neuron whose input lies in [l, u] (finite): of the eighths of
     * the interval and 0 (where sigmoid, tanh, sine and GELU change curvature), the point whose two
     * halves have the least total looseness, as GenBaB's optimised branching points do.
     */
    public double branchPoint(double l, double u) {
        double best = l + 0.5 * (u - l);
        double bestLoss = looseness(l, best) + looseness(best, u);
        for (int j = 0; j <= 8; j++) {
            double p = j == 0 ? 0 : l + (u - l) * j / 8;
            if (p > l && p < u) {
                double loss = looseness(l, p) + looseness(p, u);
                if (loss < bestLoss) {
                    best = p;
                    bestLoss = loss;
                }
            }
        }
        return best;
    }

    @Override
    public final boolean needsInputBounds() {
        return true;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Interval x = inputs.get(0);
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        double[] r = new double[2];
        for (int i = 0; i < lo.length; i++) {
            range(x.lower()[i], x.upper()[i], r);
            lo[i] = r[0];
            hi[i] = r[1];
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Interval x = step.inputBounds(0);
        int n = x.size();
        int rows = step.rows();
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        double[] l = x.lower();
        double[] u = x.upper();
        double[] alpha = step.alpha(2 * n, j -> initialAlpha(l[j % n], u[j % n], j >= n));
        if (alpha == null) {
            double[] shared = sharedLines(l, u);
            Rows.range(rows, n).forEach(k -> bias[k] += sharedLinesRow(a, acc, shared, k * n, n));
            return;
        }
        double[] slope = new double[rows * n];
        double[] intercept = new double[rows * n];
        // rows in parallel, each computing only the line its coefficient's sign selects
        Rows.range(rows, (long) LINE_COST * n).forEach(k -> {
            double[] line = new double[2];
            double b = 0;
            int p = k * 2 * n;
            for (int i = 0; i < n; i++) {
                double ak = a[k * n + i];
                boolean upper = ak < 0;
                line(l[i], u[i], alpha[p + (upper ? n : 0) + i], upper, line);
                if (ak != 0) {
                    // an unbounded line of a neuron the row does not use must not turn 0 * inf into NaN
                    acc[k * n + i] += ak * line[0];
                    b += ak * line[1];
                }
                slope[k * n + i] = line[0];
                intercept[k * n + i] = line[1];
            }
            bias[k] += b;
        });
        step.recordLinearization((row, inputs) -> {
            double[] z = inputs[0];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = slope[row * n + i] * z[i] + intercept[row * n + i];
            }
            return new double[][] {y};
        });
        step.recordAlphaGradient((row, inputs, grad) -> alphaGradient(row, inputs[0], a, l, u, alpha, slope, intercept, grad));
    }

    /**
     * One line of f over [l, u] into {@code out} (slope, intercept): the lower line (LS, LB of
     * {@link #lines}) with parameter {@code alpha}, or the upper line (US, UB). Relaxations whose two
     * lines are costly override it to compute only the one asked for.
     */
    protected void line(double l, double u, double alpha, boolean upper, double[] out) {
        double[] both = new double[4];
        lines(l, u, upper ? Double.NaN : alpha, upper ? alpha : Double.NaN, both);
        out[0] = both[upper ? US : LS];
        out[1] = both[upper ? UB : LB];
    }

    /**
     * d(row's bound)/d(alpha) = a_i (d slope/d alpha z_i + d intercept/d alpha) for the line the row
     * used, with z_i the neuron's input in the linearised network at the row's minimiser; the line's
     * derivative by a difference with the line at a nearby feasible parameter (only the search
     * direction depends on it, not soundness).
     */
    private void alphaGradient(int row, double[] z, double[] a, double[] l, double[] u, double[] alpha,
                               double[] slope, double[] intercept, double[] grad) {
        int n = l.length;
        double[] other = new double[2];
        int p = row * 2 * n;
        for (int i = 0; i < n; i++) {
            double ak = a[row * n + i];
            if (ak == 0) {
                continue;
            }
            boolean upper = ak < 0;
            int j = p + (upper ? n : 0) + i;
            double al = alpha[j];
            if (Double.isNaN(al)) {
                continue;
            }
            double h = 1e-6 * Math.max(1e-3, u[i] - l[i]);
            double near = projectAlpha(l[i], u[i], upper, al + h);
            if (!(near > al)) {
                near = projectAlpha(l[i], u[i], upper, al - h);
                if (!(near < al)) {
                    continue;
                }
            }
            line(l[i], u[i], near, upper, other);
            int k = row * n + i;
            grad[j] += ak * ((other[0] - slope[k]) * z[i] + (other[1] - intercept[k])) / (near - al);
        }
    }

    /** Parameters are laid out rows x 2n (lower lines, then upper lines) as in {@link #backward}. */
    @Override
    public void projectParameters(Node node, double[] alpha, java.util.function.Function<String, Interval> bounds) {
        Interval x = bounds.apply(node.input(0));
        int n = x.size();
        for (int j = 0; j < alpha.length; j++) {
            int i = j % n;
            if (!Double.isNaN(alpha[j])) {
                alpha[j] = projectAlpha(x.lower()[i], x.upper()[i], (j / n) % 2 == 1, alpha[j]);
            }
        }
    }

    /** One row with the default lines (from {@link #sharedLines}); returns the row's bias term. */
    private static double sharedLinesRow(double[] a, double[] acc, double[] shared, int base, int n) {
        double b = 0;
        for (int i = 0; i < n; i++) {
            double ak = a[base + i];
            if (ak != 0) {
                int off = 4 * i;
                acc[base + i] += ak * (ak >= 0 ? shared[off + LS] : shared[off + US]);
                b += ak * (ak >= 0 ? shared[off + LB] : shared[off + UB]);
            }
        }
        return b;
    }

    private double[] sharedLines(double[] l, double[] u) {
        double[] all = new double[4 * l.length];
        double[] line = new double[4];
        for (int i = 0; i < l.length; i++) {
            lines(l[i], u[i], Double.NaN, Double.NaN, line);
            System.arraycopy(line, 0, all, 4 * i, 4);
        }
        return all;
    }

    /** x rounded up by a few ulps: intercepts are padded so rounding cannot cut into the function. */
    protected static double padUp(double x) {
        return Outward.up(x, 0);
    }

    protected static double padDown(double x) {
        return Outward.down(x, 0);
    }
}
