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
    /**
     * Where {@link #lineWithDerivatives} puts the derivatives of the slope with respect to the line's
     * parameter, to l and to u; the intercept's derivative follows each.
     */
    static final int D_ALPHA = 2, D_L = 4, D_U = 6;
    /** The length of a {@link #lineWithDerivatives} array. */
    static final int DERIVATIVES = 8;
    /** Whether branch points follow GenBaB's area rule ({@link #areaBranchPoint}), an option. */
    private static final boolean AREA_POINTS = "area".equals(System.getProperty("netverify.branchPoints"));
    private static final double[] ZERO = {0};
    private static final double[] NO_POINTS = {};
    /** Rows per parallel task of the backward step (they share scratch arrays). */
    private static final int ROW_BLOCK = 16;
    /** Rough cost of one neuron's lines in multiply-adds, for the parallel threshold. */
    private static final int LINE_COST = 64;

    /** Sound bounds of f over [l, u] into {@code out}: {lower, upper}. */
    protected abstract void range(double l, double u, double[] out);

    /**
     * Sound lines of f over [l, u] into {@code out} (LS, LB, US, UB). {@code alphaLower} and
     * {@code alphaUpper} are the parameters of the two lines, or NaN for the default relaxation.
     */
    protected abstract void lines(double l, double u, double alphaLower, double alphaUpper, double[] out);

    /**
     * One line as {@link #line} gives it (slope, intercept into out[0], out[1]) with its exact
     * derivatives: of the slope and of the intercept with respect to the line's parameter
     * (out[D_ALPHA], out[D_ALPHA + 1]; 0 without one), to l (out[D_L], out[D_L + 1]) and to u
     * (out[D_U], out[D_U + 1]). Derivatives are of the line's shape, not of its padding of a few ulps;
     * at a kink (where the line switches form) either side's. A parameter outside its feasible set
     * acts as its projection: its derivative is that of the projected value at the set's boundary
     * from inside.
     */
    protected abstract void lineWithDerivatives(double l, double u, double alpha, boolean upper, double[] out);

    /**
     * The lower (or upper) line of a neuron with input in [l, u] and parameter alpha (NaN: the
     * default) with its derivatives with respect to alpha, l and u, laid out as in
     * {@link #lineWithDerivatives}: for gradients of bounds through intermediate bounds.
     */
    public final double[] lineAndDerivatives(double l, double u, double alpha, boolean upper) {
        double[] out = new double[DERIVATIVES];
        lineWithDerivatives(l, u, alpha, upper, out);
        return out;
    }

    /** The default parameter of a neuron's lower (or upper) line, or NaN when it has none. */
    protected double initialAlpha(double l, double u, boolean upper) {
        return Double.NaN;
    }

    /** The nearest feasible parameter (the lines must be sound for every value this returns). */
    protected double projectAlpha(double l, double u, boolean upper, double alpha) {
        return alpha;
    }

    /**
     * Whether the function is continuous and piecewise linear with its one kink at 0 (ReLU, LeakyReLU,
     * Abs; see {@link #slopeBelowKink}): one split there leaves it linear on both sides, so branch and bound decides such networks
     * exactly and tunes itself for them.
     */
    public final boolean piecewiseLinear() {
        return !Double.isNaN(slopeBelowKink());
    }

    /**
     * For a function that is x for x >= 0 and {@code s x} below (ReLU: s = 0, LeakyRelu: its alpha,
     * Abs: -1; s x as the evaluator rounds it), s; NaN for every other function. Ask the instance
     * configured for the node ({@link #of}). The LP encodes such a node by the convex hull of its graph.
     */
    public double slopeBelowKink() {
        return Double.NaN;
    }

    /**
     * For a step function, constant below 0 and constant above it (Sign: -1 and 1), those two values
     * {@code {below, above}}; null for every other function. Its gradient is zero wherever it exists, so
     * gradient searches follow a straight-through estimate instead (a ramp between the two values across 0).
     * Ask the instance configured for the node ({@link #of}).
     */
    public double[] stepLevels() {
        return null;
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
     * The area between the default upper and lower lines over [a, b], the integral of their gap:
     * what GenBaB's branching points minimise over the two children of a split.
     */
    protected double gapArea(double a, double b) {
        double[] ln = new double[4];
        lines(a, b, Double.NaN, Double.NaN, ln);
        double mid = a + 0.5 * (b - a);
        // a line's integral is the width times its value at the midpoint
        return (b - a) * ((ln[US] - ln[LS]) * mid + ln[UB] - ln[LB]);
    }

    /**
     * Points of (l, u) where a split is often best and that a scan may miss by a little (kinks,
     * inflection points): here 0.
     */
    protected double[] branchCandidates(double l, double u) {
        return l < 0 && u > 0 ? ZERO : NO_POINTS;
    }

    /**
     * Where branch and bound splits a neuron whose input lies in [l, u] (finite, l < u), strictly
     * inside. By default the looseness rule ({@link #loosenessPoint}); with the system property
     * {@code netverify.branchPoints=area}, GenBaB's point of least total relaxation area of the two
     * children ({@link #areaBranchPoint}). The area rule is an option only: measured, it was not at
     * least as good (benchmarks/HISTORY.md, "GenBaB branch points").
     */
    public double branchPoint(double l, double u) {
        return AREA_POINTS ? areaBranchPoint(l, u) : loosenessPoint(l, u);
    }

    /**
     * GenBaB's branch point: the point of (l, u) whose two children have the least total relaxation
     * area ({@link #gapArea}); here optimised per call ({@link BranchPoints#optimise}), smooth
     * functions look it up in a {@link BranchPoints} table.
     */
    protected double areaBranchPoint(double l, double u) {
        return BranchPoints.optimise(this, l, u);
    }

    /**
     * Of the eighths of [l, u] and 0 (where sigmoid, tanh, sine and GELU change curvature), the point
     * whose two halves have the least total {@link #looseness}.
     */
    protected final double loosenessPoint(double l, double u) {
        double best = l + 0.5 * (u - l);
        double bestLoss = looseness(l, best) + looseness(best, u);
        for (int j = 0; j < 8; j++) {
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

    /** The relaxation of this node's function: this one, unless the function depends on the node (e.g. GELU's approximation). */
    public ElementwiseRelaxation of(Node node, Graph graph) {
        return this;
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
        double[] bias = step.bias();
        double[] l = x.lower();
        double[] u = x.upper();
        AlphaParameters.Block block = step.sparseAlpha(2 * n, j -> initialAlpha(l[j % n], u[j % n], j >= n));
        // a row zero outside its window gets an input row zero outside the same window
        RowWindows known = block == null ? step.windows(0) : null;
        if (known != null) {
            double[] acc = step.windowedAccumulator(0);
            RowWindows written = step.accumulatorWindows(0);
            SharedLines shared = sharedLines(l, u);
            int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
            Rows.range(blocks, (long) ROW_BLOCK * n).forEach(blk -> {
                double[][] scratch = new double[3][n];
                for (int k = blk * ROW_BLOCK; k < Math.min(rows, (blk + 1) * ROW_BLOCK); k++) {
                    double b = known.narrow(k) ? shared.row(a, acc, k * n, known.runs(k, SharedLines.LANES))
                        : shared.row(a, acc, k * n, scratch);
                    bias[k] = OutwardRounding.lowerBound(bias[k] + b);
                    if (written != null) {
                        written.include(k, known, k);
                    }
                }
            });
            return;
        }
        double[] acc = step.accumulator(0);
        if (block == null) {
            SharedLines shared = sharedLines(l, u);
            int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
            Rows.range(blocks, (long) ROW_BLOCK * n).forEach(blk -> {
                double[][] scratch = new double[3][n];
                for (int k = blk * ROW_BLOCK; k < Math.min(rows, (blk + 1) * ROW_BLOCK); k++) {
                    bias[k] = OutwardRounding.lowerBound(bias[k] + shared.row(a, acc, k * n, scratch));
                }
            });
            return;
        }
        int[] slot = block.slot();
        int width = block.width();
        double[] alpha = block.values();
        // lines of neurons without a parameter on a side are the same in every row: computed once
        // where rows are many (a branch-and-bound domain has one or two, each using one side)
        SharedLines fixed = rows > 2 ? sharedLines(l, u) : null;
        double[] slope = new double[rows * n];
        double[] intercept = new double[rows * n];
        // rows in parallel, each computing only the line its coefficient's sign selects
        Rows.range(rows, (long) LINE_COST * n).forEach(k -> {
            double[] line = new double[2];
            double b = 0;
            for (int i = 0; i < n; i++) {
                double ak = a[k * n + i];
                boolean upper = ak < 0;
                int s = slot[(upper ? n : 0) + i];
                int at = k * n + i;
                if (s < 0 && fixed != null) {
                    slope[at] = upper ? fixed.us[i] : fixed.ls[i];
                    intercept[at] = upper ? fixed.ub[i] : fixed.lb[i];
                } else {
                    line(l[i], u[i], s < 0 ? Double.NaN : alpha[k * width + s], upper, line);
                    slope[at] = line[0];
                    intercept[at] = line[1];
                }
                if (ak != 0) {
                    // an unbounded line of a neuron the row does not use must not turn 0 * inf into NaN
                    acc[at] += ak * slope[at];
                    b += ak * intercept[at];
                }
            }
            // intercepts that overflowed to +inf and -inf (NaN) or to +inf prove nothing
            bias[k] = OutwardRounding.lowerBound(bias[k] + b);
        });
        step.recordLinearization((row, inputs) -> {
            double[] z = inputs[0];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = slope[row * n + i] * z[i] + intercept[row * n + i];
            }
            return new double[][] {y};
        });
        step.recordAlphaGradient((row, inputs, grad) -> alphaGradient(row, inputs[0], a, l, u, slot, width, alpha, slope, intercept, grad));
    }

    /**
     * d(row's bound)/d(alpha) = a_i (d slope/d alpha z_i + d intercept/d alpha) for the line the row
     * used, with z_i the neuron's input in the linearised network at the row's minimiser; the line's
     * derivative by a one-sided difference with the line at a nearby feasible parameter, towards the
     * inside of the feasible set (only the search direction depends on it, not soundness). The
     * analytic derivative ({@link #lineWithDerivatives}) agrees away from kinks, but where lines touch
     * f twice or a parameter sits on its bound its value is 0 up to rounding, and Adam, which follows
     * the sign of tiny gradients, then moved parameters the difference keeps still: on a sigmoid
     * branch-and-bound test (ActivationSplittingTest) that cost a proof, so the difference stays.
     */
    private void alphaGradient(int row, double[] z, double[] a, double[] l, double[] u, int[] slot, int width,
                               double[] alpha, double[] slope, double[] intercept, double[] grad) {
        int n = l.length;
        double[] other = new double[2];
        for (int i = 0; i < n; i++) {
            double ak = a[row * n + i];
            boolean upper = ak < 0;
            int s = ak == 0 ? -1 : slot[(upper ? n : 0) + i];
            if (s < 0) {
                continue;
            }
            int j = row * width + s;
            double al = alpha[j];
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

    /** Columns are 2n per row (lower lines, then upper lines) as in {@link #backward}. */
    @Override
    public void projectParameters(Node node, double[] alpha, int[] columns, java.util.function.Function<String, Interval> bounds) {
        Interval x = bounds.apply(node.input(0));
        int n = x.size();
        for (int j = 0; j < alpha.length; j++) {
            int c = columns[j % columns.length];
            int i = c % n;
            if (!Double.isNaN(alpha[j])) {
                alpha[j] = projectAlpha(x.lower()[i], x.upper()[i], c >= n, alpha[j]);
            }
        }
    }

    private SharedLines sharedLines(double[] l, double[] u) {
        double[][] lines = new double[4][l.length];
        double[] line = new double[4];
        for (int i = 0; i < l.length; i++) {
            lines(l[i], u[i], Double.NaN, Double.NaN, line);
            for (int c = 0; c < 4; c++) {
                lines[c][i] = line[c];
            }
        }
        return new SharedLines(lines[LS], lines[LB], lines[US], lines[UB]);
    }

    /** The default lines of every neuron, one array per line parameter. */
    private static final class SharedLines {
        /** Partial sums of a row's bias term. */
        static final int LANES = 4;
        private final double[] ls;
        private final double[] lb;
        private final double[] us;
        private final double[] ub;
        /** Whether every line is finite, so that a zero coefficient times the unused line is zero. */
        private final boolean finite;

        SharedLines(double[] ls, double[] lb, double[] us, double[] ub) {
            this.ls = ls;
            this.lb = lb;
            this.us = us;
            this.ub = ub;
            boolean f = true;
            for (int i = 0; i < ls.length; i++) {
                f &= Double.isFinite(ls[i]) && Double.isFinite(lb[i]) && Double.isFinite(us[i]) && Double.isFinite(ub[i]);
            }
            this.finite = f;
        }

        /**
         * Applies the lines to one row ({@code n} coefficients from {@code base}), with three scratch
         * arrays of n; returns the row's bias term.
         */
        double row(double[] a, double[] acc, int base, double[][] scratch) {
            int n = ls.length;
            if (!finite) {
                double b = 0;
                for (int i = 0; i < n; i++) {
                    double ak = a[base + i];
                    if (ak != 0) {
                        // an unbounded line of a neuron the row does not use must not turn 0 * inf into NaN
                        acc[base + i] += ak * (ak >= 0 ? ls[i] : us[i]);
                        b += ak * (ak >= 0 ? lb[i] : ub[i]);
                    }
                }
                return b;
            }
            // branch-free (vectorised; signs are mixed, so a branch would mispredict): with finite
            // lines, the unused one contributes an exact zero. The row is copied into scratch arrays
            // because HotSpot does not vectorise the loop at the row's offset.
            double[] coefficient = scratch[0];
            double[] sum = scratch[1];
            double[] terms = scratch[2];
            System.arraycopy(a, base, coefficient, 0, n);
            System.arraycopy(acc, base, sum, 0, n);
            for (int i = 0; i < n; i++) {
                double ak = coefficient[i];
                double pos = Math.max(ak, 0.0);
                double neg = Math.min(ak, 0.0);
                sum[i] += pos * ls[i] + neg * us[i];
                terms[i] = pos * lb[i] + neg * ub[i];
            }
            System.arraycopy(sum, 0, acc, base, n);
            // four partial sums pipeline (any order is within the step's rounding error bound)
            double b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                b0 += terms[i];
                b1 += terms[i + 1];
                b2 += terms[i + 2];
                b3 += terms[i + 3];
            }
            for (; i < n; i++) {
                b0 += terms[i];
            }
            return (b0 + b1) + (b2 + b3);
        }

        /**
         * {@link #row(double[], double[], int, double[][])} for a row that is zero outside the index
         * ranges {@code runs} (see {@link RowWindows#runs}, lanes {@link #LANES}): only those and the
         * tail are read and written, with the same sums (the zeros' terms change no bit).
         */
        double row(double[] a, double[] acc, int base, int[] runs) {
            int n = ls.length;
            if (!finite) {
                // in index order, as the whole row's sum (the lanes' ranges cover the window)
                double b = 0;
                for (int r = 0; r <= runs.length; r += 2) {
                    int from = r < runs.length ? runs[r] : n - n % LANES;
                    int to = r < runs.length ? runs[r + 1] : n;
                    for (int i = from; i < to; i++) {
                        double ak = a[base + i];
                        if (ak != 0) {
                            acc[base + i] += ak * (ak >= 0 ? ls[i] : us[i]);
                            b += ak * (ak >= 0 ? lb[i] : ub[i]);
                        }
                    }
                }
                return b;
            }
            double b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            for (int r = 0; r < runs.length; r += 2) {
                for (int i = runs[r]; i < runs[r + 1]; i += LANES) {
                    b0 += apply(a, acc, base, i);
                    b1 += apply(a, acc, base, i + 1);
                    b2 += apply(a, acc, base, i + 2);
                    b3 += apply(a, acc, base, i + 3);
                }
            }
            for (int i = n - n % LANES; i < n; i++) {
                b0 += apply(a, acc, base, i);
            }
            return (b0 + b1) + (b2 + b3);
        }

        /** The finite lines applied to one coefficient, as in the whole row; returns its bias term. */
        private double apply(double[] a, double[] acc, int base, int i) {
            double ak = a[base + i];
            double pos = Math.max(ak, 0.0);
            double neg = Math.min(ak, 0.0);
            acc[base + i] += pos * ls[i] + neg * us[i];
            return pos * lb[i] + neg * ub[i];
        }
    }
}
