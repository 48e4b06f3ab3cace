package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Node;

/**
 * Base of the derivative-product operators of the Jacobian graph, {@code out = f'(z) g} with z
 * input 0 and the upstream gradient g input 1 (same shape): each output element is bounded by a line
 * in its g alone (the lower one where a row's coefficient is positive, the upper one where negative),
 * which the subclass gives from the intervals of z and g.
 */
abstract class UpstreamLineRelaxation implements Relaxation {
    /** The lines of one node: element j's line {@code out[0] g + out[1]}, below (or above) the output. */
    @FunctionalInterface
    interface Lines {
        void line(int j, boolean upper, double[] out);
    }

    /** The lines of this node over the intervals of z and g. */
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
        double[] slope = new double[rows * n];
        double[] intercept = new double[rows * n];
        double[] line = new double[2];
        for (int k = 0; k < rows; k++) {
            double bias = 0;
            for (int j = 0; j < n; j++) {
                double ak = coefficients[k * n + j];
                lines.line(j, ak < 0, line);
                slope[k * n + j] = line[0];
                intercept[k * n + j] = line[1];
                if (ak != 0) {
                    in.add(k, 1, j, ak * line[0]);
                    bias += ak * line[1];
                }
            }
            in.addBias(k, bias);
        }
        step.recordLinearization((row, given) -> {
            double[] g = in.values(given)[1];
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                y[j] = slope[row * n + j] * g[j] + intercept[row * n + j];
            }
            return new double[][] {y};
        });
    }
}
