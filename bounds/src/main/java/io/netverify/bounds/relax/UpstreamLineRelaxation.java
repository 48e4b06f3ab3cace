package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Node;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Base of the derivative-product operators of the Jacobian graph, {@code out = f'(z) g} with z
 * input 0 and the upstream gradient g input 1 (same shape): each output element is bounded by a
 * plane in its own z and g (the lower one where a row's coefficient is positive, the upper one where
 * negative), which the subclass gives from the intervals of z and g.
 *
 * <p>A subclass may give each element's plane on each side {@link #parameterCount} parameters in
 * [0, 1] (every value must give a sound plane): alpha-CROWN optimises them per row, and a NaN
 * parameter (the initial value of those {@link #initialParameter} leaves out) is the plane of plain
 * CROWN. The columns of a row are laid out side (lower, upper), then parameter, then element.
 */
abstract class UpstreamLineRelaxation implements Relaxation {
    /** Index of the coefficient on g, of the constant and of the coefficient on z in a plane array. */
    static final int G = 0, C = 1, Z = 2;
    /** Step of the one-sided difference that gives a parameter's gradient. */
    private static final double STEP = 1e-6;

    /** The planes of one node: element j's plane {@code out[G] g + out[C] + out[Z] z}, below (or above) the output. */
    @FunctionalInterface
    interface Lines {
        /** {@code parameters}: this side's parameters of element j (NaN: CROWN's choice), or null for all CROWN's. */
        void line(int j, boolean upper, double[] parameters, double[] out);
    }

    /** The planes of this node over the intervals of z and g. */
    protected abstract Lines lines(Node node, Interval z, Interval g);

    /** How many parameters each element's plane takes on each side (0: none). */
    protected int parameterCount() {
        return 0;
    }

    /** The initial value of parameter p of element j's plane on a side, or NaN where CROWN's plane is kept. */
    protected double initialParameter(Node node, Interval z, Interval g, int j, boolean upper, int p) {
        return Double.NaN;
    }

    @Override
    public boolean needsInputBounds() {
        return true;
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Interval zb = step.inputBounds(0);
        Interval gb = step.inputBounds(1);
        Lines lines = lines(node, zb, gb);
        double[] coefficients = step.coefficients();
        int n = step.inputShape(0).size();
        int rows = step.rows();
        int count = parameterCount();
        AlphaParameters.Block block = count == 0 ? null : step.sparseAlpha(2 * count * n, c -> {
            int side = c / (count * n);
            return initialParameter(node, zb, gb, c % n, side == 1, c / n % count);
        });
        InputCoefficients in = new InputCoefficients(step, 2);
        double[] slopeG = new double[rows * n];
        double[] slopeZ = new double[rows * n];
        double[] intercept = new double[rows * n];
        Rows.range(rows, 16L * n).forEach(k -> {
            double[] line = new double[3];
            double[] parameters = count == 0 ? null : new double[count];
            double bias = 0;
            for (int j = 0; j < n; j++) {
                double ak = coefficients[k * n + j];
                boolean upper = ak < 0;
                line[Z] = 0;
                lines.line(j, upper, block == null ? null : parameters(block, k, j, n, upper, parameters), line);
                slopeG[k * n + j] = line[G];
                slopeZ[k * n + j] = line[Z];
                intercept[k * n + j] = line[C];
                if (ak != 0) {
                    in.add(k, 1, j, ak * line[G]);
                    if (line[Z] != 0) {
                        in.add(k, 0, j, ak * line[Z]);
                    }
                    bias += ak * line[C];
                }
            }
            in.addBias(k, bias);
        });
        step.recordLinearization((row, given) -> {
            double[][] values = in.values(given);
            double[] z = values[0];
            double[] g = values[1];
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                y[j] = slopeG[row * n + j] * g[j] + intercept[row * n + j] + slopeZ[row * n + j] * z[j];
            }
            return new double[][] {y};
        });
        if (block != null) {
            step.recordAlphaGradient((row, given, grad) -> {
                double[][] values = in.values(given);
                gradient(lines, block, coefficients, row, n, values[0], values[1], slopeG, slopeZ, intercept, grad);
            });
        }
    }

    /** Row k's parameters of element j on a side into {@code out} (NaN where none is stored). */
    private double[] parameters(AlphaParameters.Block block, int k, int j, int n, boolean upper, double[] out) {
        int count = out.length;
        for (int p = 0; p < count; p++) {
            int s = block.slot()[((upper ? 1 : 0) * count + p) * n + j];
            out[p] = s < 0 ? Double.NaN : block.values()[k * block.width() + s];
        }
        return out;
    }

    /**
     * d(row's bound)/d(parameter) = a_j d(plane at (z_j, g_j))/d(parameter), with (z, g) the inputs
     * in the linearised network at the row's minimiser; by a one-sided difference towards the inside
     * of [0, 1] (only the search direction depends on it, not soundness).
     */
    private void gradient(Lines lines, AlphaParameters.Block block, double[] a, int row, int n, double[] z, double[] g,
                          double[] slopeG, double[] slopeZ, double[] intercept, double[] grad) {
        int count = parameterCount();
        double[] parameters = new double[count];
        double[] line = new double[3];
        for (int j = 0; j < n; j++) {
            double ak = a[row * n + j];
            if (ak == 0) {
                continue;
            }
            boolean upper = ak < 0;
            parameters(block, row, j, n, upper, parameters);
            int at = row * n + j;
            double base = slopeG[at] * g[j] + intercept[at] + slopeZ[at] * z[j];
            for (int p = 0; p < count; p++) {
                int s = block.slot()[((upper ? 1 : 0) * count + p) * n + j];
                if (s < 0) {
                    continue;
                }
                double keep = parameters[p];
                double h = keep + STEP <= 1 ? STEP : -STEP;
                double[] moved = Arrays.copyOf(parameters, count);
                moved[p] = keep + h;
                line[Z] = 0;
                lines.line(j, upper, moved, line);
                double value = line[G] * g[j] + line[C] + line[Z] * z[j];
                double d = (value - base) / h;
                if (Double.isFinite(d)) {
                    grad[row * block.width() + s] += ak * d;
                }
            }
        }
    }

    /** Every parameter lies in [0, 1]. */
    @Override
    public void projectParameters(Node node, double[] alpha, int[] columns, Function<String, Interval> bounds) {
        for (int i = 0; i < alpha.length; i++) {
            if (!Double.isNaN(alpha[i])) {
                alpha[i] = Math.min(1, Math.max(0, alpha[i]));
            }
        }
    }
}
