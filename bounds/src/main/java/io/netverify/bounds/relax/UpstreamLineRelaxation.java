package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Node;

/**
 * Base of the derivative-product operators of the Jacobian graph, {@code out = f'(z) g} with z
 * input 0 and the upstream gradient g input 1 (same shape): each output element is bounded by a
 * plane in its own z and g (the lower one where a row's coefficient is positive, the upper one where
 * negative), which the subclass gives from the intervals of z and g.
 */
abstract class UpstreamLineRelaxation implements Relaxation {
    /** Index of the coefficient on g, of the constant and of the coefficient on z in a plane array. */
    static final int G = 0, C = 1, Z = 2;

    /** The planes of one node: element j's plane {@code out[G] g + out[C] + out[Z] z}, below (or above) the output. */
    @FunctionalInterface
    interface Lines {
        void line(int j, boolean upper, double[] out);
    }

    /** The planes of this node over the intervals of z and g. */
    protected abstract Lines lines(Node node, Interval z, Interval g);

    @Override
    public boolean needsInputBounds() {
        return true;
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Lines lines = lines(node, step.inputBounds(0), step.inputBounds(1));
        double[] coefficients = step.coefficients();
        int n = step.inputShape(0).size();
        int rows = step.rows();
        InputCoefficients in = new InputCoefficients(step, 2);
        double[] slopeG = new double[rows * n];
        double[] slopeZ = new double[rows * n];
        double[] intercept = new double[rows * n];
        double[] line = new double[3];
        for (int k = 0; k < rows; k++) {
            double bias = 0;
            for (int j = 0; j < n; j++) {
                double ak = coefficients[k * n + j];
                line[Z] = 0;
                lines.line(j, ak < 0, line);
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
        }
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
    }
}
