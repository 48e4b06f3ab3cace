package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Project operator PowGrad(z, g) with float attributes {@code exponent} p and {@code coefficient} k
 * (default p): {@code g * k z^(p - 1)}, the upstream gradient g passed back through a power z^p
 * (Pow, Sqrt with p = 1/2, Reciprocal with p = -1) or, with p = 0 and k = 1, a logarithm. Built by
 * the Jacobian graph.
 */
public final class PowGrad extends ElementwiseBinary implements Operator {
    /** Attribute: the power p whose derivative this is. */
    public static final String EXPONENT = "exponent";
    /** Attribute: the factor k of z^(p - 1) (default p). */
    public static final String COEFFICIENT = "coefficient";

    @Override
    public double apply(double z, double g) {
        throw new UnsupportedOperationException("PowGrad depends on its attributes");
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        double p = exponent(node);
        double k = coefficient(node);
        Tensor z = inputs.get(0);
        Tensor g = inputs.get(1);
        Shape shape = Broadcast.shape(z.shape(), g.shape());
        // a zero gradient passes back 0, also where z^(p - 1) is infinite (sqrt's at 0): not 0 * inf = NaN
        return List.of(new Tensor(z.type(), shape, combine(z, g, shape, (a, b) -> b == 0 ? 0 : b * derivative(a, p, k))));
    }

    /** The node's exponent p (NaN when it has none). */
    public static double exponent(Node node) {
        return node.attributes().getFloat(EXPONENT, Double.NaN);
    }

    /** The node's coefficient k (default p). */
    public static double coefficient(Node node) {
        return node.attributes().getFloat(COEFFICIENT, exponent(node));
    }

    /**
     * k z^(p - 1), within a few ulps of its exact value for |p| < 2^53: p - 1 = q + r exactly (q the
     * rounded difference, r its rounding error, non-zero only for non-integer p, whose domain is
     * z >= 0), computed as k z^q z^r; 0 where k is 0 (p = 0: z^0 is constant), even at z = 0.
     */
    public static double derivative(double z, double p, double k) {
        if (k == 0) {
            return 0;
        }
        double q = p - 1;
        double back = q - p;
        double r = (p - (q - back)) + (-1 - back);
        double power = Math.pow(z, q);
        if (r != 0 && z > 0 && z < Double.POSITIVE_INFINITY) {
            power *= Math.pow(z, r);
        }
        return k * power;
    }
}
