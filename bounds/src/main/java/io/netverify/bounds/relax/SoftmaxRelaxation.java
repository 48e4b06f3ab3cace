package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.ops.Opset;

import java.util.Arrays;
import java.util.List;

/**
 * {@code Softmax} along one axis (from opset 13; before, over the flattened trailing axes from
 * {@code axis}, as the evaluator does). Each output is {@code y_q = 1 / S} with
 * {@code S = 1 + sum_{j != q} exp(x_j - x_q)}, which is how both bounds are computed (no overflow:
 * a huge exponent only drives a bound to 0, and masked inputs at -inf drop out exactly).
 *
 * <p>IBP: {@code y_q >= 1 / (1 + sum exp(u_j - l_q))} and {@code y_q <= 1 / (1 + sum exp(l_j - u_q))}.
 * Backward: 1/S is bounded by a tangent (below) or its chord over [S_l, S_u] (above) ({@link
 * Reciprocal}); both slopes are negative, so S is then bounded above by the chords of each
 * exp(x_j - x_q), or below by their tangents (parallel to the chord), giving a line in the group's
 * inputs. Where a line's mean over the input box is worse than the IBP bound, the constant IBP
 * bound is used instead. Everything is widened by the float64 error of the evaluator's softmax.
 */
public final class SoftmaxRelaxation implements Relaxation {
    private static final double EPS = Math.ulp(1.0);
    /** Index of S's lower and upper bound and the output's lower and upper bound in a range array. */
    private static final int SL = 0, SU = 1, LO = 2, HI = 3;

    @Override
    public boolean needsInputBounds() {
        return true;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Groups g = new Groups(node, graph.shape(node.input(0)));
        Interval x = inputs.get(0);
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        double[] gl = new double[g.n];
        double[] gu = new double[g.n];
        double[] r = new double[4];
        for (int grp = 0; grp < g.count(); grp++) {
            g.gather(grp, x, gl, gu);
            for (int q = 0; q < g.n; q++) {
                range(gl, gu, q, r);
                lo[g.index(grp, q)] = r[LO];
                hi[g.index(grp, q)] = r[HI];
            }
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Groups g = new Groups(node, step.inputShape(0));
        Interval x = step.inputBounds(0);
        int size = x.size();
        int n = g.n;
        int lineSize = 2 * n * (n + 1);
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        boolean keep = step.optimising();
        double[] lines = new double[keep ? g.count() * lineSize : lineSize];
        double[] gl = new double[n];
        double[] gu = new double[n];
        for (int grp = 0; grp < g.count(); grp++) {
            int base = keep ? grp * lineSize : 0;
            g.gather(grp, x, gl, gu);
            groupLines(gl, gu, lines, base);
            for (int k = 0; k < step.rows(); k++) {
                for (int q = 0; q < n; q++) {
                    double ak = a[k * size + g.index(grp, q)];
                    if (ak == 0) {
                        continue;
                    }
                    int line = base + q * 2 * (n + 1) + (ak > 0 ? 0 : n + 1);
                    for (int r = 0; r < n; r++) {
                        acc[k * size + g.index(grp, r)] += ak * lines[line + r];
                    }
                    bias[k] += ak * lines[line + n];
                }
            }
        }
        if (!keep) {
            return;
        }
        step.recordLinearization((row, given) -> {
            double[] in = given[0];
            double[] y = new double[size];
            for (int grp = 0; grp < g.count(); grp++) {
                for (int q = 0; q < n; q++) {
                    int o = g.index(grp, q);
                    int line = grp * lineSize + q * 2 * (n + 1) + (a[row * size + o] >= 0 ? 0 : n + 1);
                    double v = lines[line + n];
                    for (int r = 0; r < n; r++) {
                        v += lines[line + r] * in[g.index(grp, r)];
                    }
                    y[o] = v;
                }
            }
            return new double[][] {y};
        });
    }

    /**
     * For output q of a group with input bounds [gl, gu]: the range [S_l, S_u] of S and the sound
     * output bounds [LO, HI]. Exponents are rounded outward, sums widened by n + 2 roundings, and the
     * output bounds by the evaluator's own error (at most (n + 4) ulps of 1 on values in [0, 1]).
     */
    private static void range(double[] gl, double[] gu, int q, double[] out) {
        int n = gl.length;
        double low = 0;
        double high = 0;
        for (int j = 0; j < n; j++) {
            if (j != q && gu[j] != Double.NEGATIVE_INFINITY) {
                double dl = gl[j] - gu[q];
                double du = gu[j] - gl[q];
                low += Math.exp(OutwardRounding.padDown(dl, Math.abs(dl)));
                high += Math.exp(OutwardRounding.padUp(du, Math.abs(du)));
            }
        }
        double sums = 2 * OutwardRounding.gamma(n + 2);
        out[SL] = Math.max(1, OutwardRounding.below(1 + low, sums * (1 + low)));
        out[SU] = OutwardRounding.above(1 + high, sums * (1 + high));
        double slack = (n + 4) * EPS;
        out[LO] = Math.max(0, OutwardRounding.below(1 / out[SU], slack));
        out[HI] = Math.min(1, OutwardRounding.above(1 / out[SL], slack));
    }

    /**
     * The lower and upper line of each output of a group, at {@code lines[base + q * 2 (n + 1)]}:
     * n coefficients on the group's inputs and a constant, lower line first.
     */
    private static void groupLines(double[] gl, double[] gu, double[] lines, int base) {
        int n = gl.length;
        double[] r = new double[4];
        double[] recip = new double[2];
        double[] exp = new double[2];
        for (int q = 0; q < n; q++) {
            range(gl, gu, q, r);
            for (int side = 0; side < 2; side++) {
                boolean upper = side == 1;
                int at = base + q * 2 * (n + 1) + side * (n + 1);
                double bound = upper ? r[HI] : r[LO];
                // y <= (>=) c1 S + c0, and c1 < 0: S then needs the opposite bound, from lines of exp.
                Reciprocal.line(r[SL], r[SU], upper, Reciprocal.parallelTangent(r[SL], r[SU]), recip);
                double c1 = recip[0];
                double constant = recip[1] + c1;
                double scale = Math.abs(recip[1]) + Math.abs(c1);
                double slope = 0;
                for (int j = 0; j < n; j++) {
                    lines[at + j] = 0;
                    if (j == q || gu[j] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double dl = OutwardRounding.padDown(gl[j] - gu[q], Math.abs(gl[j] - gu[q]));
                    double du = OutwardRounding.padUp(gu[j] - gl[q], Math.abs(gu[j] - gl[q]));
                    expLine(dl, du, !upper, exp);
                    lines[at + j] = c1 * exp[0];
                    slope += c1 * exp[0];
                    constant += c1 * exp[1];
                    scale += Math.abs(c1 * exp[1]) + Math.abs(c1 * exp[0]) * Math.max(Math.abs(dl), Math.abs(du));
                }
                lines[at + q] = -slope;
                // the sums' roundings (relative to scale) and the evaluator's, within (n + 4) ulps of 1
                double pad = 2 * OutwardRounding.gamma(n + 4) * scale + (n + 4) * EPS;
                constant = upper ? OutwardRounding.above(constant, pad) : OutwardRounding.below(constant, pad);
                // IBP is the exact extremum over the box, so no line beats it everywhere: keep the
                // line where its mean over the box (its value at the centre) is the better one.
                double mean = constant;
                for (int j = 0; j < n; j++) {
                    mean += lines[at + j] * (gl[j] / 2 + gu[j] / 2);
                }
                boolean useConstant = !Double.isFinite(mean) || (upper ? mean > bound : mean < bound);
                if (useConstant) {
                    Arrays.fill(lines, at, at + n, 0);
                    constant = bound;
                }
                lines[at + n] = constant;
            }
        }
    }

    /**
     * A line {@code out[0] d + out[1]} above exp on [dl, du] (the chord, fitted through both rounded
     * end points) or below it everywhere (the tangent parallel to the chord).
     */
    private static void expLine(double dl, double du, boolean upper, double[] out) {
        double w = du - dl;
        double el = Math.exp(dl);
        double ratio = w > 0 ? Math.expm1(w) / w : 1;
        double reach = Math.max(Math.abs(dl), Math.abs(du));
        if (upper) {
            double s = el * ratio;
            double b = Math.max(Math.exp(du) - s * du, el - s * dl);
            out[0] = s;
            out[1] = OutwardRounding.padUp(b, Math.exp(du) + Math.abs(s) * reach);
        } else {
            // Tangent point where exp' equals the chord's slope: dl + log((e^w - 1) / w).
            double t = w > 30 ? du - Math.log(w) : w > 0 ? dl + Math.log(ratio) : dl;
            t = Math.min(du, Math.max(dl, t));
            double s = Math.exp(t);
            out[0] = s;
            out[1] = OutwardRounding.padDown(s * (1 - t), s * (1 + Math.abs(t) + reach));
        }
    }

    /** The softmax groups of an input shape: {@code count()} groups of n elements, stride {@code inner}. */
    private static final class Groups {
        final int n;
        final int inner;
        final int outer;

        Groups(Node node, Shape shape) {
            int axis = shape.axis(node.attributes().getInt("axis", Opset.of(node) < 13 ? 1 : -1));
            int o = 1;
            for (int d = 0; d < axis; d++) {
                o *= shape.dim(d);
            }
            int in = 1;
            for (int d = axis + 1; d < shape.rank(); d++) {
                in *= shape.dim(d);
            }
            int len = shape.dim(axis);
            if (Opset.of(node) < 13) {
                len *= in;
                in = 1;
            }
            n = len;
            inner = in;
            outer = o;
        }

        int count() {
            return outer * inner;
        }

        int index(int group, int q) {
            return (group / inner) * n * inner + group % inner + q * inner;
        }

        void gather(int group, Interval x, double[] gl, double[] gu) {
            for (int q = 0; q < n; q++) {
                gl[q] = x.lower()[index(group, q)];
                gu[q] = x.upper()[index(group, q)];
            }
        }
    }
}
