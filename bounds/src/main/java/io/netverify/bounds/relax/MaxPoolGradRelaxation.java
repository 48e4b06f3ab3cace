package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.ops.MaxPool;

import java.util.List;

/**
 * MaxPoolGrad(x, g): each window's gradient g_p goes to the cell holding the window's maximum. Over
 * x's intervals, a cell may hold it only when its upper bound reaches the window's largest lower
 * bound (the candidates); every Clarke element sends g_p to a convex combination of candidates
 * (selection weights in [0, 1] summing to 1).
 *
 * <p>IBP: a sole candidate gets g_p, every other candidate anything between 0 and g_p. Backward: a
 * row with coefficients A on the cells weights window p by some convex combination of the
 * candidates' coefficients, a value a in [amin, amax]; {@code a g_p} is at least
 * {@code min(amin g_p, amax g_p)}, a concave function of g_p bounded below by its chord over g_p's
 * interval (exact where g_p is one-signed or the candidates' coefficients agree). With one
 * candidate per window (unique maxima, e.g. at eps = 0) both are exact.
 */
public final class MaxPoolGradRelaxation implements Relaxation {
    private final NodeCache<int[][]> windows = new NodeCache<>();

    @Override
    public boolean needsInputBounds() {
        return true;
    }

    private int[][] windows(Node node, Graph graph) {
        return windows.get(graph, node, () -> MaxPool.windows(node, graph.shape(node.input(0))));
    }

    /** Per window of every plane (plane-major), the flat indices into x of its candidate cells. */
    private static int[][] candidates(int[][] cells, Interval x, int planes) {
        int inPlane = x.size() / planes;
        int[][] c = new int[planes * cells.length][];
        int[] buffer = new int[cells.length == 0 ? 0 : java.util.Arrays.stream(cells).mapToInt(w -> w.length).max().orElse(0)];
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * inPlane;
            for (int p = 0; p < cells.length; p++) {
                double floor = Double.NEGATIVE_INFINITY;
                for (int j : cells[p]) {
                    floor = Math.max(floor, x.lower()[base + j]);
                }
                int n = 0;
                for (int j : cells[p]) {
                    if (x.upper()[base + j] >= floor) {
                        buffer[n++] = base + j;
                    }
                }
                c[plane * cells.length + p] = java.util.Arrays.copyOf(buffer, n);
            }
        }
        return c;
    }

    private int[][] candidates(Node node, Graph graph, Interval x) {
        return candidates(windows(node, graph), x, graph.shape(node.input(0)).dim(0) * graph.shape(node.input(0)).dim(1));
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Interval x = inputs.get(0);
        Interval g = inputs.get(1);
        int[][] c = candidates(node, graph, x);
        int n = x.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] magnitude = new double[n];
        for (int w = 0; w < c.length; w++) {
            double gl = g.lower()[w];
            double gu = g.upper()[w];
            boolean sole = c[w].length == 1;
            for (int j : c[w]) {
                lo[j] += sole ? gl : Math.min(0, gl);
                hi[j] += sole ? gu : Math.max(0, gu);
                magnitude[j] += Math.max(Math.abs(gl), Math.abs(gu));
            }
        }
        int most = overlap(c, n);
        return List.of(most == 0 ? new Interval(lo, hi) : OutwardRounding.widen(lo, hi, magnitude, 1, most));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        int[][] c = candidates(node, step.graph(), step.inputBounds(0));
        Interval g = step.inputBounds(1);
        double[] a = step.coefficients();
        int n = step.inputShape(0).size();
        int m = c.length;
        int rows = step.rows();
        InputCoefficients in = new InputCoefficients(step, 2);
        // per row and window, the line and the candidates of amin and amax (all rows kept for the linearisation when optimising)
        int kept = step.optimising() ? rows : 1;
        double[] slope = new double[kept * m];
        double[] intercept = new double[kept * m];
        int[] low = new int[kept * m];
        int[] high = new int[kept * m];
        double[] line = new double[2];
        // a cell that is the maximum of several windows sums their gradients, rounded: each row
        // pays gamma(windows per cell) times its coefficients' reach
        double rounding = OutwardRounding.gamma(overlap(c, n));
        double[] margin = new double[rows];
        for (int k = 0; k < rows; k++) {
            int base = step.optimising() ? k * m : 0;
            double bias = 0;
            double reach = 0;
            for (int w = 0; w < m; w++) {
                slope[base + w] = 0;
                intercept[base + w] = 0;
                if (c[w].length == 0) {
                    continue;
                }
                int jl = c[w][0];
                int jh = jl;
                for (int j : c[w]) {
                    jl = a[k * n + j] < a[k * n + jl] ? j : jl;
                    jh = a[k * n + j] > a[k * n + jh] ? j : jh;
                }
                lowerLine(a[k * n + jl], a[k * n + jh], g.lower()[w], g.upper()[w], line);
                reach += Math.max(Math.abs(a[k * n + jl]), Math.abs(a[k * n + jh]))
                    * Math.max(Math.abs(g.lower()[w]), Math.abs(g.upper()[w]));
                slope[base + w] = line[0];
                intercept[base + w] = line[1];
                low[base + w] = jl;
                high[base + w] = jh;
                bias += line[1];
            }
            double lowered = rounding == 0 || reach == 0 ? bias : OutwardRounding.below(bias, rounding * reach);
            if (lowered == Double.NEGATIVE_INFINITY) {
                // no bound: slopes times an infinite g would only make NaN of it
                java.util.Arrays.fill(slope, base, base + m, 0);
                java.util.Arrays.fill(intercept, base, base + m, 0);
                in.addBias(k, lowered);
                continue;
            }
            for (int w = 0; w < m; w++) {
                if (slope[base + w] != 0) {
                    in.add(k, 1, w, slope[base + w]);
                }
            }
            margin[k] = lowered - bias;
            in.addBias(k, lowered);
        }
        if (!step.optimising()) {
            return;
        }
        step.recordLinearization((row, given) -> {
            double[] gv = in.values(given)[1];
            double[] y = new double[n];
            for (int w = 0; w < m; w++) {
                int t = row * m + w;
                if (c[w].length == 0) {
                    continue;
                }
                // split g_w between the candidates of amin and amax so that A y gains slope g_w, then the intercept
                double amin = a[row * n + low[t]];
                double amax = a[row * n + high[t]];
                // both shares from the slope: 1 - share would lose the high one where it is below an ulp of 1
                double share = amax == amin ? 1 : fraction(-slope[t], -amax, -amin);
                double highShare = amax == amin ? 0 : fraction(slope[t], amin, amax);
                y[low[t]] += share * gv[w];
                y[high[t]] += highShare * gv[w];
                if (intercept[t] != 0) {
                    int j = amax != 0 ? high[t] : low[t];
                    y[j] += intercept[t] / a[row * n + j];
                }
            }
            if (margin[row] != 0) {
                int big = 0;
                for (int j = 1; j < n; j++) {
                    big = Math.abs(a[row * n + j]) > Math.abs(a[row * n + big]) ? j : big;
                }
                y[big] += margin[row] / a[row * n + big];
            }
            return new double[][] {y};
        });
    }

    /**
     * (v - lo) / (hi - lo) for lo < hi; where hi - lo overflows (coefficients of both signs near the
     * largest double) all three are halved first, or both shares would be x / inf = 0.
     */
    private static double fraction(double v, double lo, double hi) {
        double span = hi - lo;
        return Double.isFinite(span) ? (v - lo) / span : (0.5 * v - 0.5 * lo) / (0.5 * hi - 0.5 * lo);
    }

    /** The gamma index of a cell's sum: the most windows with that cell among their candidates (0 when at most one). */
    private static int overlap(int[][] candidates, int cells) {
        int[] count = new int[cells];
        int most = 0;
        for (int[] w : candidates) {
            for (int j : w) {
                most = Math.max(most, ++count[j]);
            }
        }
        return most <= 1 ? 0 : most;
    }

    /**
     * The line {@code out[0] g + out[1]} below {@code min(amin g, amax g)} (amin <= amax) for g in
     * [gl, gu]: the function itself where it is linear there, else its chord, moved down past the
     * roundings of its slope and intercept (enough: the function is concave, so a line below both
     * ends is below it everywhere between).
     */
    static void lowerLine(double amin, double amax, double gl, double gu, double[] out) {
        if (amin == amax || gl >= 0 || gu <= 0) {
            out[0] = gl >= 0 ? amin : amax;
            out[1] = 0;
            return;
        }
        double p = amax * gl;
        double q = amin * gu;
        double s = (q - p) / (gu - gl);
        if (!Double.isFinite(s)) {
            out[0] = 0;
            out[1] = Double.NEGATIVE_INFINITY;
            return;
        }
        out[0] = s;
        out[1] = OutwardRounding.padDown(Math.min(p - s * gl, q - s * gu), Math.max(Math.abs(p), Math.abs(q)));
    }
}
