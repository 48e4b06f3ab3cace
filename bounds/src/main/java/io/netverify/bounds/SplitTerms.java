package io.netverify.bounds;

import io.netverify.bounds.relax.OutwardRounding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * beta-CROWN's split constraints in a backward pass. Within a domain every split holds,
 * {@code s (v[i] - p) >= 0}, so for any {@code beta >= 0} the function {@code f - beta s (v[i] - p)}
 * is a lower bound of f on the domain; its coefficients enter the pass at value v, one multiplier
 * per row and split, optimised with the relaxation parameters.
 */
final class SplitTerms {
    private final List<Split> splits;
    private final int rows;
    /** Multipliers, {@code rows x splits} row-major; never negative. */
    private final double[] beta;
    private final Map<String, List<Integer>> byValue = new HashMap<>();

    SplitTerms(List<Split> splits, int rows, double[] beta) {
        if (beta.length != rows * splits.size()) {
            throw new IllegalArgumentException(beta.length + " multipliers for " + rows + " rows x " + splits.size() + " splits");
        }
        this.splits = List.copyOf(splits);
        this.rows = rows;
        this.beta = beta;
        for (int s = 0; s < this.splits.size(); s++) {
            byValue.computeIfAbsent(this.splits.get(s).value(), k -> new ArrayList<>()).add(s);
        }
    }

    double[] beta() {
        return beta;
    }

    /** The values some split constrains. */
    java.util.Set<String> values() {
        return byValue.keySet();
    }

    boolean constrains(String value) {
        return byValue.containsKey(value);
    }

    /**
     * Adds the terms of the splits on {@code value} to its coefficients ({@code rows x size}) and to
     * the bias, and their rounding error (only a nonzero split point makes one) to {@code err}; this
     * domain's row k is row {@code from + k} of the (stacked) arrays.
     */
    void apply(String value, double[] coefficients, int from, int size, double[] bias, double[] err) {
        int count = splits.size();
        for (int s : byValue.getOrDefault(value, List.of())) {
            Split sp = splits.get(s);
            double sign = sp.sign();
            for (int k = 0; k < rows; k++) {
                double b = beta[k * count + s];
                if (b == 0) {
                    continue;
                }
                int row = from + k;
                int j = row * size + sp.index();
                coefficients[j] -= b * sign;
                if (sp.point() != 0) {
                    // the rounded coefficient stands for a slightly different multiplier: cover it and the bias sum
                    double term = b * sign * sp.point();
                    bias[row] += term;
                    // (three roundings: the coefficient, the term, the sum; products that underflow lose a subnormal)
                    double p = Math.abs(sp.point());
                    err[row] += 2 * OutwardRounding.gamma(3) * ((Math.abs(coefficients[j]) + b) * p + Math.abs(bias[row]) + Math.abs(term))
                        + 3 * Double.MIN_VALUE * (1 + p);
                }
            }
        }
    }

    /**
     * Adds d(row's bound)/d(beta) = -s (v[i] - p) for every row and split, with v the row's value in
     * the linearised network at the row's minimiser ({@code values}: {@code rows x size} per value,
     * this domain's row k at row {@code from + k}).
     */
    void gradient(Map<String, double[]> values, int from, io.netverify.onnx.Graph graph, double[] grad) {
        int count = splits.size();
        for (int s = 0; s < count; s++) {
            Split sp = splits.get(s);
            double[] v = values.get(sp.value());
            if (v != null) {
                int size = graph.shape(sp.value()).size();
                for (int k = 0; k < rows; k++) {
                    grad[k * count + s] += -sp.sign() * (v[(from + k) * size + sp.index()] - sp.point());
                }
            }
        }
    }

    /** Projects the multipliers back onto {@code beta >= 0}. */
    void project() {
        for (int i = 0; i < beta.length; i++) {
            beta[i] = Math.max(0, beta[i]);
        }
    }
}
