package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of operators whose output elements are each the maximum (or minimum) of some input elements
 * (Max, Min, ReduceMax, ReduceMin, MaxPool): see {@link Candidates}. IBP is exact. A minimum is the
 * negated maximum of the negated inputs, so what follows is said for a maximum, over z in [l, u]:
 * <ul>
 *   <li>when the largest lower bound l_b dominates every other candidate's upper bound, the output
 *   is z_b exactly;</li>
 *   <li>else the lower line is {@code max >= z_b}, and the upper line the constant {@code max u} or
 *   the plane {@code max <= l_b + sum_{c: u_c > l_b} (z_c - l_c)} (the maximum's candidate is in the
 *   sum unless it is at most l_b, and every term is non-negative). alpha-CROWN mixes the two, per
 *   row and output element; the default is the constant (the DeepPoly/CROWN choice).</li>
 * </ul>
 */
abstract class ExtremumRelaxation implements Relaxation {
    /** The candidates of each output element. */
    protected abstract Candidates candidates(Node node, Graph graph);

    /** Whether the output is the minimum of its candidates (else the maximum). */
    protected abstract boolean minimum();

    @Override
    public final boolean needsInputBounds() {
        return true;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Candidates c = candidates(node, graph);
        int n = c.outputs();
        double[] lo = new double[n];
        double[] hi = new double[n];
        boolean min = minimum();
        for (int o = 0; o < n; o++) {
            double l = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            double u = l;
            for (int e = c.start()[o]; e < c.start()[o + 1]; e++) {
                Interval x = inputs.get(c.input()[e]);
                int i = c.index()[e];
                l = min ? Math.min(l, x.lower()[i]) : Math.max(l, x.lower()[i]);
                u = min ? Math.min(u, x.upper()[i]) : Math.max(u, x.upper()[i]);
            }
            lo[o] = l;
            hi[o] = u;
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Candidates c = candidates(node, step.graph());
        Relaxed r = new Relaxed(c, step, node.inputs().size(), minimum() ? -1 : 1);
        int n = c.outputs();
        double[] a = step.coefficients();
        double[] alpha = Alphas.unit(step, n, j -> 1);
        InputCoefficients in = new InputCoefficients(step, node.inputs().size());
        for (int k = 0; k < step.rows(); k++) {
            for (int o = 0; o < n; o++) {
                double ak = a[k * n + o];
                if (ak == 0) {
                    continue;
                }
                if (r.usesLower(o, ak)) {
                    in.add(k, c.input()[r.best[o]], c.index()[r.best[o]], ak);
                    continue;
                }
                // a * max with a' = sign * a < 0 on the max of z = sign * x: coefficients on x are a (1 - lambda).
                double lambda = alpha == null ? 1 : alpha[k * n + o];
                double as = r.sign * ak;
                in.addBias(k, as * (lambda * r.top[o] + (1 - lambda) * r.planeConstant[o]));
                if (lambda < 1) {
                    for (int e = c.start()[o]; e < c.start()[o + 1]; e++) {
                        if (r.inPlane(e, o)) {
                            in.add(k, c.input()[e], c.index()[e], ak * (1 - lambda));
                        }
                    }
                }
            }
        }
        if (alpha == null) {
            return;
        }
        step.recordLinearization((row, given) -> {
            double[][] v = in.values(given);
            double[] y = new double[n];
            for (int o = 0; o < n; o++) {
                double ak = a[row * n + o];
                int b = r.best[o];
                y[o] = r.usesLower(o, ak) ? v[c.input()[b]][c.index()[b]]
                    : r.sign * (alpha[row * n + o] * r.top[o] + (1 - alpha[row * n + o]) * r.plane(o, v));
            }
            return new double[][] {y};
        });
        step.recordAlphaGradient((row, given, grad) -> {
            double[][] v = in.values(given);
            for (int o = 0; o < n; o++) {
                double ak = a[row * n + o];
                if (ak != 0 && !r.usesLower(o, ak)) {
                    grad[row * n + o] += r.sign * ak * (r.top[o] - r.plane(o, v));
                }
            }
        });
    }

    /** Per output element, in terms of z = sign * x: the best candidate, the largest upper bound, the plane. */
    private static final class Relaxed {
        final double sign;
        final Candidates c;
        final int[] best;
        final boolean[] exact;
        final double[] top;
        final double[] planeConstant;
        final double[] bestLower;
        final double[][] zl;
        final double[][] zu;

        Relaxed(Candidates c, BackwardStep step, int inputs, double sign) {
            this.sign = sign;
            this.c = c;
            zl = new double[inputs][];
            zu = new double[inputs][];
            for (int i = 0; i < inputs; i++) {
                Interval x = step.inputBounds(i);
                zl[i] = sign > 0 ? x.lower() : negate(x.upper());
                zu[i] = sign > 0 ? x.upper() : negate(x.lower());
            }
            int n = c.outputs();
            best = new int[n];
            exact = new boolean[n];
            top = new double[n];
            planeConstant = new double[n];
            bestLower = new double[n];
            for (int o = 0; o < n; o++) {
                int b = -1;
                double lb = Double.NEGATIVE_INFINITY;
                for (int e = c.start()[o]; e < c.start()[o + 1]; e++) {
                    if (b < 0 || lower(e) > lb) {
                        b = e;
                        lb = lower(e);
                    }
                }
                if (b < 0) {
                    throw new IllegalStateException("output element " + o + " has no candidates");
                }
                double others = Double.NEGATIVE_INFINITY;
                double u = upper(b);
                double constant = lb;
                double magnitude = Math.abs(lb);
                int terms = 1;
                for (int e = c.start()[o]; e < c.start()[o + 1]; e++) {
                    u = Math.max(u, upper(e));
                    if (e != b) {
                        others = Math.max(others, upper(e));
                    }
                    if (upper(e) > lb) {
                        constant -= lower(e);
                        magnitude += Math.abs(lower(e));
                        terms++;
                    }
                }
                best[o] = b;
                bestLower[o] = lb;
                exact[o] = lb >= others;
                top[o] = u;
                // one rounding per term, each within an ulp of the magnitude
                planeConstant[o] = OutwardRounding.padUp(constant, terms * magnitude);
            }
        }

        private double lower(int e) {
            return zl[c.input()[e]][c.index()[e]];
        }

        private double upper(int e) {
            return zu[c.input()[e]][c.index()[e]];
        }

        /** Whether a row with coefficient a on output o uses the single-candidate line (exact, or a lower bound). */
        boolean usesLower(int o, double a) {
            return exact[o] || sign * a >= 0;
        }

        boolean inPlane(int e, int o) {
            return upper(e) > bestLower[o];
        }

        /** The plane's value in z at the inputs v. */
        double plane(int o, double[][] v) {
            double s = planeConstant[o];
            for (int e = c.start()[o]; e < c.start()[o + 1]; e++) {
                if (inPlane(e, o)) {
                    s += sign * v[c.input()[e]][c.index()[e]];
                }
            }
            return s;
        }

        private static double[] negate(double[] x) {
            double[] r = new double[x.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = -x[i];
            }
            return r;
        }
    }
}
