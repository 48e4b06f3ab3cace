package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The exact (real) output of a bilinear operator of two inputs (Mul, MatMul): each output element
 * is a sum of products {@code x_i y_m}, the pairs learnt once by evaluating the operator on unit
 * inputs (e_i, e_m), then summed in BigDecimal. Where float64 overflows (a sum of +inf and -inf
 * products is NaN) this is still the value a relaxation must bound.
 */
final class ExactProducts {
    /** For each output element, the pairs (i, m) as {@code i * n1 + m}. */
    private final long[][] pairs;
    private final int n1;

    private ExactProducts(long[][] pairs, int n1) {
        this.pairs = pairs;
        this.n1 = n1;
    }

    static ExactProducts learn(RelaxationHarness.Reference reference, Node node, Shape x, Shape y, int outputs) {
        int n0 = x.size();
        int n1 = y.size();
        List<List<Long>> found = new ArrayList<>();
        for (int j = 0; j < outputs; j++) {
            found.add(new ArrayList<>());
        }
        for (int i = 0; i < n0; i++) {
            for (int m = 0; m < n1; m++) {
                Tensor out = reference.evaluate(node, List.of(unit(x, i), unit(y, m)));
                for (int j = 0; j < outputs; j++) {
                    if (out.get(j) == 1) {
                        found.get(j).add((long) i * n1 + m);
                    } else if (out.get(j) != 0) {
                        throw new IllegalArgumentException(node.opType() + " is not a sum of products of its inputs");
                    }
                }
            }
        }
        long[][] pairs = new long[outputs][];
        for (int j = 0; j < outputs; j++) {
            pairs[j] = found.get(j).stream().mapToLong(Long::longValue).toArray();
        }
        return new ExactProducts(pairs, n1);
    }

    private static Tensor unit(Shape s, int i) {
        double[] v = new double[s.size()];
        v[i] = 1;
        return Tensor.of(s, v);
    }

    /** The exact outputs at finite inputs x, y (null if an input is not finite). */
    BigDecimal[] evaluate(Tensor x, Tensor y) {
        for (Tensor t : List.of(x, y)) {
            for (int i = 0; i < t.size(); i++) {
                if (!Double.isFinite(t.get(i))) {
                    return null;
                }
            }
        }
        BigDecimal[] out = new BigDecimal[pairs.length];
        for (int j = 0; j < out.length; j++) {
            BigDecimal s = BigDecimal.ZERO;
            for (long p : pairs[j]) {
                s = s.add(new BigDecimal(x.get((int) (p / n1))).multiply(new BigDecimal(y.get((int) (p % n1)))));
            }
            out[j] = s;
        }
        return out;
    }
}
