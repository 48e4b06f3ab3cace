package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The real outputs of an operator of two inputs where float64's overflow (a sum of +inf and -inf
 * products is NaN; so is a row summing quotients that overflowed to +inf and -inf), the values a
 * relaxation must bound. Products (Mul, MatMul): each output element is a sum of products
 * {@code x_i y_m}, the pairs learnt once by evaluating the operator on unit inputs (e_i, e_m), summed
 * exactly in BigDecimal. Quotients (Div): x / y exactly where it terminates, else to 34 digits (see {@link #quotient}).
 */
final class ExactOutputs {
    /** For each output element, the pairs (i, m) as {@code i * n1 + m}; null for quotients. */
    private final long[][] pairs;
    private final int n1;
    /** For quotients, each output element's dividend and divisor. */
    private final int[] dividend;
    private final int[] divisor;

    private ExactOutputs(long[][] pairs, int n1, int[] dividend, int[] divisor) {
        this.pairs = pairs;
        this.n1 = n1;
        this.dividend = dividend;
        this.divisor = divisor;
    }

    /** Quotients x / y, broadcast to {@code out}. */
    static ExactOutputs quotients(Shape x, Shape y, Shape out) {
        return new ExactOutputs(null, 0, Broadcast.indexMap(x, out), Broadcast.indexMap(y, out));
    }

    static ExactOutputs products(RelaxationHarness.Reference reference, Node node, Shape x, Shape y, int outputs) {
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
        return new ExactOutputs(pairs, n1, null, null);
    }

    /**
     * x / y exactly where it terminates, else to 34 digits: a quotient of doubles that is not one is
     * at least 2^-106 of itself away from every double, so comparisons with doubles come out as exactly.
     */
    private static BigDecimal quotient(BigDecimal x, BigDecimal y) {
        try {
            return x.divide(y);
        } catch (ArithmeticException notTerminating) {
            return x.divide(y, MathContext.DECIMAL128);
        }
    }

    private static Tensor unit(Shape s, int i) {
        double[] v = new double[s.size()];
        v[i] = 1;
        return Tensor.of(s, v);
    }

    /** The outputs at finite inputs x, y (null if an input is not finite, or a divisor 0). */
    BigDecimal[] evaluate(Tensor x, Tensor y) {
        for (Tensor t : List.of(x, y)) {
            for (int i = 0; i < t.size(); i++) {
                if (!Double.isFinite(t.get(i))) {
                    return null;
                }
            }
        }
        if (pairs == null) {
            BigDecimal[] out = new BigDecimal[dividend.length];
            for (int j = 0; j < out.length; j++) {
                if (y.get(divisor[j]) == 0) {
                    return null;
                }
                out[j] = quotient(new BigDecimal(x.get(dividend[j])), new BigDecimal(y.get(divisor[j])));
            }
            return out;
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
