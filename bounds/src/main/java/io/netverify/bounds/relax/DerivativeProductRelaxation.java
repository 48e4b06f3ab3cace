package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of the gradient operators of smooth activations: {@code out = f'(z) g}, z input 0 and the
 * upstream gradient g input 1 (same shape). f'(z) is bounded over z's interval by
 * {@link #derivativeRange}; the product of that interval with g's by a McCormick plane
 * ({@link Bilinear}), whose term in f'(z) is then replaced by its extreme over the derivative's
 * interval, leaving a line in g.
 */
abstract class DerivativeProductRelaxation extends UpstreamLineRelaxation {
    /** Relative padding of the derivative's range: its float evaluation is within a few ulps. */
    private static final double PAD = 1e-14;

    /** Bounds of f'(z) for z in [l, u] into {@code out}: {lower, upper}, before padding. */
    protected abstract void derivativeRange(double l, double u, double[] out);

    /** Sound bounds of f' over [l, u], padded outward for the rounding of its evaluation. */
    final void paddedRange(double l, double u, double[] out) {
        derivativeRange(l, u, out);
        out[0] = out[0] - PAD * Math.abs(out[0]) - Double.MIN_NORMAL;
        out[1] = out[1] + PAD * Math.abs(out[1]) + Double.MIN_NORMAL;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        Interval z = inputs.get(0);
        Interval g = inputs.get(1);
        int n = z.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] d = new double[2];
        for (int j = 0; j < n; j++) {
            paddedRange(z.lower()[j], z.upper()[j], d);
            double gl = g.lower()[j];
            double gu = g.upper()[j];
            lo[j] = OutwardRounding.padDown(Bilinear.min(d[0], d[1], gl, gu), 0);
            hi[j] = OutwardRounding.padUp(Bilinear.max(d[0], d[1], gl, gu), 0);
        }
        return List.of(new Interval(lo, hi));
    }

    @Override
    protected Lines lines(Node node, Interval z, Interval g) {
        int n = z.size();
        double[][] ranges = new double[n][2];
        for (int j = 0; j < n; j++) {
            paddedRange(z.lower()[j], z.upper()[j], ranges[j]);
        }
        return (j, upper, out) -> {
            double dl = ranges[j][0];
            double du = ranges[j][1];
            double[] plane = new double[3];
            Bilinear.plane(dl, du, g.lower()[j], g.upper()[j], upper, Bilinear.DEFAULT_MIX, plane);
            // the plane's term in f'(z), replaced by its extreme over the derivative's range
            double cx = plane[Bilinear.CX];
            double term = upper ? Math.max(cx * dl, cx * du) : Math.min(cx * dl, cx * du);
            double scale = Math.abs(cx) * Math.max(Math.abs(dl), Math.abs(du));
            double c = plane[Bilinear.C] + (upper ? OutwardRounding.padUp(term, scale) : OutwardRounding.padDown(term, scale));
            out[0] = plane[Bilinear.CY];
            out[1] = upper ? OutwardRounding.padUp(c, scale) : OutwardRounding.padDown(c, scale);
        };
    }

    /**
     * Range of a derivative that is even and decreasing in |z| (sigmoid', tanh'): largest at the
     * point of [l, u] nearest 0, smallest at the end farthest from 0.
     */
    static void unimodalRange(java.util.function.DoubleUnaryOperator f, double l, double u, double[] out) {
        double near = l > 0 ? l : u < 0 ? u : 0;
        double far = Math.abs(l) > Math.abs(u) ? l : u;
        out[0] = f.applyAsDouble(far);
        out[1] = f.applyAsDouble(near);
    }
}
