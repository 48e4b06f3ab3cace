package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.ops.Broadcast;

import java.util.List;

/**
 * {@code Mul(x, y)} with numpy broadcasting. IBP: the extreme products of the end points, each rounded
 * outward where float64's product is inexact ({@link Bilinear#lower}). Backward: per output element a McCormick plane
 * ({@link Bilinear}), lower where the row's coefficient is positive, upper where it is negative;
 * coefficients of a broadcast input sum over the elements it feeds. alpha-CROWN: per row and
 * element, one parameter mixing the two lower planes and one mixing the two upper planes.
 * A constant factor (or a point interval) makes the plane exact.
 */
public final class MulRelaxation implements Relaxation {
    @Override
    public boolean needsInputBounds() {
        return true;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Shape out = graph.shape(node.output());
        int[] mx = Broadcast.indexMap(graph.shape(node.input(0)), out);
        int[] my = Broadcast.indexMap(graph.shape(node.input(1)), out);
        Interval x = inputs.get(0);
        Interval y = inputs.get(1);
        double[] lo = new double[out.size()];
        double[] hi = new double[out.size()];
        for (int j = 0; j < lo.length; j++) {
            double xl = x.lower()[mx[j]];
            double xu = x.upper()[mx[j]];
            double yl = y.lower()[my[j]];
            double yu = y.upper()[my[j]];
            lo[j] = Bilinear.lower(xl, xu, yl, yu);
            hi[j] = Bilinear.upper(xl, xu, yl, yu);
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Shape out = step.outputShape(0);
        int n = out.size();
        int[] mx = Broadcast.indexMap(step.inputShape(0), out);
        int[] my = Broadcast.indexMap(step.inputShape(1), out);
        double[] xl = step.inputBounds(0).lower();
        double[] xu = step.inputBounds(0).upper();
        double[] yl = step.inputBounds(1).lower();
        double[] yu = step.inputBounds(1).upper();
        double[] a = step.coefficients();
        double[] alpha = Alphas.unit(step, 2 * n, j -> Bilinear.DEFAULT_MIX);
        InputCoefficients in = new InputCoefficients(step, 2);
        double[] p = new double[3];
        for (int k = 0; k < step.rows(); k++) {
            double bias = 0;
            for (int j = 0; j < n; j++) {
                double ak = a[k * n + j];
                if (ak == 0) {
                    continue;
                }
                boolean upper = ak < 0;
                int x = mx[j];
                int y = my[j];
                Bilinear.plane(xl[x], xu[x], yl[y], yu[y], upper, mix(alpha, k, n, j, upper), p);
                in.add(k, 0, x, ak * p[Bilinear.CX]);
                in.add(k, 1, y, ak * p[Bilinear.CY]);
                bias += ak * p[Bilinear.C];
            }
            in.addBias(k, bias);
        }
        if (alpha == null) {
            return;
        }
        step.recordLinearization((row, given) -> {
            double[][] v = in.values(given);
            double[] r = new double[n];
            double[] q = new double[3];
            for (int j = 0; j < n; j++) {
                boolean upper = a[row * n + j] < 0;
                int x = mx[j];
                int y = my[j];
                Bilinear.plane(xl[x], xu[x], yl[y], yu[y], upper, mix(alpha, row, n, j, upper), q);
                r[j] = Bilinear.value(q, v[0][x], v[1][y]);
            }
            return new double[][] {r};
        });
        step.recordAlphaGradient((row, given, grad) -> {
            double[][] v = in.values(given);
            for (int j = 0; j < n; j++) {
                double ak = a[row * n + j];
                if (ak != 0) {
                    boolean upper = ak < 0;
                    int x = mx[j];
                    int y = my[j];
                    grad[row * 2 * n + (upper ? n : 0) + j] +=
                        ak * Bilinear.mixDerivative(xl[x], xu[x], yl[y], yu[y], upper, v[0][x], v[1][y]);
                }
            }
        });
    }

    /** The mixing parameter of element j's lower (or upper) plane in row k: alpha layout rows x [lower n, upper n]. */
    static double mix(double[] alpha, int k, int n, int j, boolean upper) {
        return alpha == null ? Bilinear.DEFAULT_MIX : alpha[k * 2 * n + (upper ? n : 0) + j];
    }
}
