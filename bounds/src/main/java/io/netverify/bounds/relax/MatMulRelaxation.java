package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.ops.Broadcast;

import java.util.Arrays;
import java.util.List;

/**
 * {@code MatMul(x, y)} of two bounded operands (attention's Q K^T and weights times V), numpy
 * semantics: 1-D operands are a row / column vector, leading dimensions broadcast. Every term
 * {@code x_ip y_pj} gets a McCormick plane ({@link Bilinear}) whose side follows the sign of the
 * row's coefficient on the output element; the coefficients go into both operands. A constant
 * operand (or a point interval) makes the terms exact. alpha-CROWN: per row and output element,
 * one parameter mixing the lower planes of its terms and one mixing the upper planes.
 */
public final class MatMulRelaxation implements Relaxation {
    @Override
    public boolean needsInputBounds() {
        return true;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Layout g = new Layout(graph.shape(node.input(0)), graph.shape(node.input(1)));
        Interval x = inputs.get(0);
        Interval y = inputs.get(1);
        double[] lo = new double[g.outSize()];
        double[] hi = new double[g.outSize()];
        double[] magnitude = new double[g.outSize()];
        forEachTerm(g, (o, xi, yi) -> {
            double min = Bilinear.min(x.lower()[xi], x.upper()[xi], y.lower()[yi], y.upper()[yi]);
            double max = Bilinear.max(x.lower()[xi], x.upper()[xi], y.lower()[yi], y.upper()[yi]);
            lo[o] += min;
            hi[o] += max;
            magnitude[o] += Math.max(Math.abs(min), Math.abs(max));
        });
        // sums of k rounded products, in any order the evaluator may take; a sum of +inf and -inf (NaN) bounds nothing
        return List.of(OutwardRounding.widen(lo, hi, magnitude, 1, g.k + 1L));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Layout g = new Layout(step.inputShape(0), step.inputShape(1));
        int size = g.outSize();
        Interval xb = step.inputBounds(0);
        Interval yb = step.inputBounds(1);
        double[] a = step.coefficients();
        double[] alpha = Alphas.unit(step, 2 * size, j -> Bilinear.DEFAULT_MIX);
        InputCoefficients in = new InputCoefficients(step, 2);
        double[] p = new double[3];
        for (int k = 0; k < step.rows(); k++) {
            int row = k;
            double[] bias = new double[1];
            forEachTerm(g, (o, xi, yi) -> {
                double ak = a[row * size + o];
                if (ak != 0) {
                    boolean upper = ak < 0;
                    Bilinear.plane(xb.lower()[xi], xb.upper()[xi], yb.lower()[yi], yb.upper()[yi], upper,
                        MulRelaxation.mix(alpha, row, size, o, upper), p);
                    in.add(row, 0, xi, ak * p[Bilinear.CX]);
                    in.add(row, 1, yi, ak * p[Bilinear.CY]);
                    bias[0] += ak * p[Bilinear.C];
                }
            });
            in.addBias(k, bias[0]);
        }
        if (alpha == null) {
            return;
        }
        step.recordLinearization((row, given) -> {
            double[][] v = in.values(given);
            double[] r = new double[size];
            double[] q = new double[3];
            forEachTerm(g, (o, xi, yi) -> {
                boolean upper = a[row * size + o] < 0;
                Bilinear.plane(xb.lower()[xi], xb.upper()[xi], yb.lower()[yi], yb.upper()[yi], upper,
                    MulRelaxation.mix(alpha, row, size, o, upper), q);
                r[o] += Bilinear.value(q, v[0][xi], v[1][yi]);
            });
            return new double[][] {r};
        });
        step.recordAlphaGradient((row, given, grad) -> {
            double[][] v = in.values(given);
            forEachTerm(g, (o, xi, yi) -> {
                double ak = a[row * size + o];
                if (ak != 0) {
                    boolean upper = ak < 0;
                    grad[row * 2 * size + (upper ? size : 0) + o] += ak * Bilinear.mixDerivative(
                        xb.lower()[xi], xb.upper()[xi], yb.lower()[yi], yb.upper()[yi], upper, v[0][xi], v[1][yi]);
                }
            });
        });
    }

    @FunctionalInterface
    private interface Term {
        void accept(int out, int x, int y);
    }

    private static void forEachTerm(Layout g, Term term) {
        for (int t = 0; t < g.aIndex.length; t++) {
            for (int i = 0; i < g.m; i++) {
                for (int j = 0; j < g.n; j++) {
                    for (int q = 0; q < g.k; q++) {
                        term.accept(g.out(t, i, j), g.x(t, i, q), g.y(t, q, j));
                    }
                }
            }
        }
    }

    /**
     * Flat indices of a MatMul's operands and result: m x k times k x n per batch entry, with the
     * batch entry's matrix in each operand found by broadcasting (as the evaluator's MatMul does).
     */
    private static final class Layout {
        final int m;
        final int k;
        final int n;
        final int[] aIndex;
        final int[] bIndex;

        Layout(Shape a, Shape b) {
            int[] ad = a.dims();
            int[] bd = b.dims();
            m = ad.length == 1 ? 1 : ad[ad.length - 2];
            k = ad[ad.length - 1];
            n = bd.length == 1 ? 1 : bd[bd.length - 1];
            Shape batchA = Shape.of(Arrays.copyOf(ad, Math.max(0, ad.length - 2)));
            Shape batchB = Shape.of(Arrays.copyOf(bd, Math.max(0, bd.length - 2)));
            Shape batch = Broadcast.shape(batchA, batchB);
            aIndex = Broadcast.indexMap(batchA, batch);
            bIndex = Broadcast.indexMap(batchB, batch);
        }

        int outSize() {
            return aIndex.length * m * n;
        }

        int x(int t, int i, int p) {
            return (aIndex[t] * m + i) * k + p;
        }

        int y(int t, int p, int j) {
            return (bIndex[t] * k + p) * n + j;
        }

        int out(int t, int i, int j) {
            return (t * m + i) * n + j;
        }
    }
}
