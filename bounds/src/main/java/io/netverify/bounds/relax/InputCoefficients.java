package io.netverify.bounds.relax;

import io.netverify.onnx.Tensor;

/**
 * Where a backward step's coefficients on the elements of its inputs go: into the accumulator of a
 * computed input, or, times the element's value, into the bias for a constant input.
 */
final class InputCoefficients {
    private final double[][] accumulators;
    private final double[][] constants;
    private final int[] sizes;
    private final double[] bias;

    InputCoefficients(BackwardStep step, int inputs) {
        accumulators = new double[inputs][];
        constants = new double[inputs][];
        sizes = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            Tensor c = step.constant(i);
            sizes[i] = step.inputShape(i).size();
            if (c != null) {
                constants[i] = c.backingArray();
            } else {
                accumulators[i] = step.accumulator(i);
            }
        }
        bias = step.bias();
    }

    /** Adds {@code coefficient} times element {@code index} of input {@code input} to row {@code row}. */
    void add(int row, int input, int index, double coefficient) {
        double[] acc = accumulators[input];
        if (acc != null) {
            int at = row * sizes[input] + index;
            acc[at] += coefficient;
            if (!Double.isFinite(acc[at])) {
                // an overflowed coefficient (x's bound 1e308 times 2.3) has no sound value: no bound for the row
                bias[row] = Double.NEGATIVE_INFINITY;
            }
        } else if (coefficient != 0) {
            addBias(row, coefficient * constants[input][index]);
        }
    }

    /**
     * Adds to row's bias, a lower bound (-inf: the row bounds nothing, whatever its coefficients);
     * a sum of terms that overflowed to +inf and -inf (NaN), or to +inf, proves nothing: -inf.
     */
    void addBias(int row, double value) {
        bias[row] = OutwardRounding.lowerBound(bias[row] + value);
    }

    /**
     * The values of the inputs in a linearised network: those given for computed inputs, the
     * constants' own values for the others (given as null, see {@link Linearization}).
     */
    double[][] values(double[][] given) {
        double[][] v = new double[constants.length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = constants[i] != null ? constants[i] : given[i];
        }
        return v;
    }
}
