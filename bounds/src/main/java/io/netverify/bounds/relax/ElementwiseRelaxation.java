package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of element-wise nonlinear relaxations {@code y = f(x)}: per neuron with input in [l, u], a
 * lower line and an upper line, {@code ls x + lb <= f(x) <= us x + ub}. The backward step uses the
 * lower line where a row's coefficient is positive and the upper line where it is negative.
 *
 * <p>Subclasses with an optimisable relaxation (alpha-CROWN) take one parameter per neuron and row
 * in {@link #lines}; {@link #initialAlpha} returns NaN for neurons without a free parameter.
 */
public abstract class ElementwiseRelaxation implements Relaxation {
    /** Index of the lower slope, lower intercept, upper slope, upper intercept in a line array. */
    protected static final int LS = 0, LB = 1, US = 2, UB = 3;

    /** Sound bounds of f over [l, u]: {lower, upper}. */
    protected abstract void range(double l, double u, double[] out);

    /**
     * Sound lines of f over [l, u] into {@code out} (LS, LB, US, UB); {@code alpha} is the neuron's
     * parameter for this row, or NaN for the default relaxation.
     */
    protected abstract void lines(double l, double u, double alpha, double[] out);

    /** The starting parameter of a neuron, or NaN when its relaxation has nothing to optimise. */
    protected double initialAlpha(double l, double u) {
        return Double.NaN;
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
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        double[] bias = step.bias();
        double[] l = x.lower();
        double[] u = x.upper();
        double[] alpha = step.alpha(n, i -> initialAlpha(l[i], u[i]));
        double[] line = new double[4];
        double[] shared = alpha == null ? sharedLines(l, u) : null;
        for (int k = 0; k < step.rows(); k++) {
            double b = 0;
            for (int i = 0; i < n; i++) {
                double ak = a[k * n + i];
                if (ak == 0) {
                    continue;
                }
                double[] ln = line;
                int off = 0;
                if (shared != null) {
                    ln = shared;
                    off = 4 * i;
                } else {
                    lines(l[i], u[i], alpha[k * n + i], line);
                }
                if (ak > 0) {
                    acc[k * n + i] += ak * ln[off + LS];
                    b += ak * ln[off + LB];
                } else {
                    acc[k * n + i] += ak * ln[off + US];
                    b += ak * ln[off + UB];
                }
            }
            bias[k] += b;
        }
    }

    private double[] sharedLines(double[] l, double[] u) {
        double[] all = new double[4 * l.length];
        double[] line = new double[4];
        for (int i = 0; i < l.length; i++) {
            lines(l[i], u[i], Double.NaN, line);
            System.arraycopy(line, 0, all, 4 * i, 4);
        }
        return all;
    }

    /** x rounded up by a few ulps: intercepts are padded so rounding cannot cut into the function. */
    protected static double padUp(double x) {
        return x + 4 * Math.ulp(x) + Double.MIN_NORMAL;
    }

    protected static double padDown(double x) {
        return x - 4 * Math.ulp(x) - Double.MIN_NORMAL;
    }
}
