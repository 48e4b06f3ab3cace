package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * {@code Cast} between floating-point types: the identity to DOUBLE, otherwise rounding to nearest
 * in the narrower format. Rounding is monotone, so IBP rounds the bounds themselves; the backward
 * step keeps the identity and charges the largest rounding error on the interval,
 * {@code |round(x) - x| <= 2^-p |x| + (half the smallest subnormal)}, against the bias.
 */
public final class CastRelaxation implements Relaxation {
    /** Significand bits p (implicit bit included), smallest normal exponent, largest finite value. */
    private record Format(int precision, int minExponent, double max) {
        /** Bound of |round(x) - x| for |x| <= m. */
        double error(double m) {
            return m <= max ? Math.scalb(m, -precision) + Math.scalb(1.0, minExponent - precision) : Double.POSITIVE_INFINITY;
        }
    }

    private static Format format(Node node) {
        DataType to = DataType.fromOnnx((int) node.attributes().getInt("to", 0));
        if (to == null) {
            throw new UnsupportedOperationException(node.describe() + ": unknown target type");
        }
        return switch (to) {
            case DOUBLE -> null;
            case FLOAT -> new Format(24, -126, Float.MAX_VALUE);
            case FLOAT16 -> new Format(11, -14, 65504);
            case BFLOAT16 -> new Format(8, -126, 0x1.fep127);
            default -> throw new UnsupportedOperationException(node.describe() + ": a cast to " + to
                + " is not a floating-point rounding, so it has no bound relaxation");
        };
    }

    @Override
    public boolean needsInputBounds() {
        return true;
    }

    /** The input bounds only size the rounding error: IBP's are good enough, no CROWN refinement. */
    @Override
    public boolean needsRefinement(double l, double u) {
        return false;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Interval x = inputs.get(0);
        if (format(node) == null) {
            return List.of(x);
        }
        Tensor lo = OperatorCalls.evaluate(node, List.of(Tensor.of(graph.shape(node.input(0)), x.lower()))).get(0);
        Tensor hi = OperatorCalls.evaluate(node, List.of(Tensor.of(graph.shape(node.input(0)), x.upper()))).get(0);
        return List.of(new Interval(lo.data(), hi.data()));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Format f = format(node);
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        for (int i = 0; i < a.length; i++) {
            acc[i] += a[i];
        }
        if (f == null) {
            return;
        }
        double[] m = OutwardRounding.magnitude(step.inputBounds(0));
        int n = m.length;
        double[] delta = new double[n];
        for (int j = 0; j < n; j++) {
            delta[j] = f.error(m[j]);
        }
        double[] bias = step.bias();
        for (int k = 0; k < step.rows(); k++) {
            double e = 0;
            for (int j = 0; j < n; j++) {
                double ak = a[k * n + j];
                if (ak != 0) {
                    e += Math.abs(ak) * delta[j];
                }
            }
            bias[k] -= e;
        }
        step.recordLinearization((row, inputs) -> {
            double[] y = inputs[0].clone();
            for (int j = 0; j < n; j++) {
                double ak = a[row * n + j];
                if (ak != 0) {
                    y[j] -= Math.signum(ak) * delta[j];
                }
            }
            return new double[][] {y};
        });
    }
}
