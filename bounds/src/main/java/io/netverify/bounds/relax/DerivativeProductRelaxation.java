package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.List;

/**
 * Base of the gradient operators of smooth activations: {@code out = f'(z) g}, z input 0 and the
 * upstream gradient g input 1 (same shape). f'(z) is bounded over z's interval by
 * {@link DerivativeCurve#derivativeRange}; the product of that interval with g's by a McCormick plane
 * ({@link Bilinear}), whose term in f'(z) is then replaced by a line in z (a band around f''s chord,
 * where the interval of z is narrow enough for it to be thinner than f''s range) or by its extreme
 * over the derivative's range, leaving a plane in z and g.
 */
abstract class DerivativeProductRelaxation extends UpstreamLineRelaxation {
    /** Relative padding of the derivative's range: its float evaluation is within a few ulps. */
    private static final double PAD = 1e-14;

    /** The derivative f' of one node's activation, as the relaxation needs it. */
    interface DerivativeCurve {
        /** Bounds of f'(z) for z in [l, u] into {@code out}: {lower, upper}, before padding. */
        void derivativeRange(double l, double u, double[] out);

        /** f'(z), as the operator evaluates it (within {@link #derivativeError} of the exact value). */
        double derivativeAt(double z);

        /** A bound of |f'''| (the second derivative of f') over [l, u], for the band around the chord of f'. */
        double curvatureBound(double l, double u);

        /** A bound of the error of {@code value = derivativeAt(z)}: by default a few ulps of it. */
        default double derivativeError(double z, double value) {
            return PAD * Math.abs(value) + Double.MIN_NORMAL;
        }
    }

    /** The derivative of {@code node}'s activation. */
    protected abstract DerivativeCurve curve(Node node);

    /** Sound bounds of f' over [l, u], padded outward for the rounding of its evaluation. */
    static void paddedRange(DerivativeCurve f, double l, double u, double[] out) {
        f.derivativeRange(l, u, out);
        out[0] = out[0] - PAD * Math.abs(out[0]) - Double.MIN_NORMAL;
        out[1] = out[1] + PAD * Math.abs(out[1]) + Double.MIN_NORMAL;
    }

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        DerivativeCurve f = curve(node);
        Interval z = inputs.get(0);
        Interval g = inputs.get(1);
        int n = z.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] d = new double[2];
        for (int j = 0; j < n; j++) {
            paddedRange(f, z.lower()[j], z.upper()[j], d);
            double gl = g.lower()[j];
            double gu = g.upper()[j];
            lo[j] = OutwardRounding.padDown(Bilinear.min(d[0], d[1], gl, gu), 0);
            hi[j] = OutwardRounding.padUp(Bilinear.max(d[0], d[1], gl, gu), 0);
        }
        return List.of(new Interval(lo, hi));
    }

    /**
     * Two parameters per side: the mix of the McCormick planes ({@link Bilinear}) and lambda, the
     * weight of the band line of f' against its extreme (a convex combination of two bounds of f' on
     * the same side is one too). CROWN's: the default mix, the band where there is one.
     */
    @Override
    protected int parameterCount() {
        return 2;
    }

    /** Elements whose z is not a point; lambda only where the band exists. */
    @Override
    protected double initialParameter(Node node, Interval z, Interval g, int j, boolean upper, int p) {
        double l = z.lower()[j];
        double u = z.upper()[j];
        if (!(l < u)) {
            return Double.NaN;
        }
        if (p == 0) {
            return Bilinear.DEFAULT_MIX;
        }
        DerivativeCurve f = curve(node);
        double[] d = new double[2];
        paddedRange(f, l, u, d);
        return chord(f, l, u, d) == null ? Double.NaN : 1;
    }

    @Override
    protected Lines lines(Node node, Interval z, Interval g) {
        DerivativeCurve f = curve(node);
        int n = z.size();
        double[][] ranges = new double[n][2];
        double[][] chords = new double[n][];
        for (int j = 0; j < n; j++) {
            paddedRange(f, z.lower()[j], z.upper()[j], ranges[j]);
            chords[j] = chord(f, z.lower()[j], z.upper()[j], ranges[j]);
        }
        return (j, upper, parameters, out) -> {
            double dl = ranges[j][0];
            double du = ranges[j][1];
            double mix = parameters == null || Double.isNaN(parameters[0]) ? Bilinear.DEFAULT_MIX : parameters[0];
            double lambda = parameters == null || Double.isNaN(parameters[1]) ? 1 : parameters[1];
            double[] plane = new double[3];
            Bilinear.plane(dl, du, g.lower()[j], g.upper()[j], upper, mix, plane);
            double cx = plane[Bilinear.CX];
            double[] chord = chords[j];
            double term;
            double scale;
            // the plane's term in f'(z), replaced by its extreme over the derivative's range
            double extreme = upper ? Math.max(cx * dl, cx * du) : Math.min(cx * dl, cx * du);
            if (chord == null || cx == 0 || lambda == 0) {
                term = extreme;
                scale = Math.abs(cx) * Math.max(Math.abs(dl), Math.abs(du));
                out[Z] = 0;
            } else {
                // or by cx times the band line of f' on the plane's side, weighted by lambda against the extreme
                boolean high = upper == (cx > 0);
                double intercept = high ? chord[2] : chord[1];
                double band = cx * intercept;
                term = lambda == 1 ? band : lambda * band + (1 - lambda) * extreme;
                out[Z] = lambda == 1 ? cx * chord[0] : cx * (lambda * chord[0]);
                double zMax = Math.max(Math.abs(z.lower()[j]), Math.abs(z.upper()[j]));
                // the rounding of the slope moves the line by up to an ulp of it at every z
                scale = Math.abs(band) + Math.abs(extreme) + Math.abs(out[Z]) * zMax;
            }
            double c = plane[Bilinear.C] + (upper ? OutwardRounding.padUp(term, scale) : OutwardRounding.padDown(term, scale));
            out[G] = plane[Bilinear.CY];
            out[C] = upper ? OutwardRounding.padUp(c, scale) : OutwardRounding.padDown(c, scale);
            if (!Double.isFinite(out[Z]) || !Double.isFinite(out[C])) {
                out[Z] = 0;
                out[G] = 0;
                out[C] = upper ? OutwardRounding.padUp(Bilinear.max(dl, du, g.lower()[j], g.upper()[j]), 0)
                    : OutwardRounding.padDown(Bilinear.min(dl, du, g.lower()[j], g.upper()[j]), 0);
            }
        };
    }

    /**
     * For f''' = h(x), |h| largest on any interval of x at its ends or at {@code vertex} (h a quadratic
     * with its vertex there, or monotone on each side of it), and x = q(|z|) increasing in |z| (the
     * square of tanh z, of s(z) - 1/2, or of z): a bound of |h| over [l, u], from q at the points of
     * [l, u] nearest and farthest from 0. Padded for the rounding of q and h (both within a few ulps
     * of values of magnitude at most 2, with |h'| <= 12).
     */
    static double evenCurvature(java.util.function.DoubleUnaryOperator q, java.util.function.DoubleUnaryOperator h,
                                double vertex, double l, double u) {
        double near = l > 0 ? l : u < 0 ? -u : 0;
        double xl = q.applyAsDouble(near);
        double xu = q.applyAsDouble(Math.max(Math.abs(l), Math.abs(u)));
        double m = Math.max(Math.abs(h.applyAsDouble(xl)), Math.abs(h.applyAsDouble(xu)));
        if (xl <= vertex && vertex <= xu) {
            m = Math.max(m, Math.abs(h.applyAsDouble(vertex)));
        }
        return m + 1e-12;
    }

    /**
     * The band {m z + c_low, m z + c_high} around f' on [l, u] ({@code {m, c_low, c_high}}), or null
     * where it is no thinner than the constant range {@code d}: the chord through the ends moved out by
     * {@code M w^2 / 8} (the largest gap between f' and its chord on an interval of width w, M
     * bounding the second derivative of f'), plus the rounding of the ends' values and of the slope.
     */
    static double[] chord(DerivativeCurve f, double l, double u, double[] d) {
        double w = u - l;
        double gap = f.curvatureBound(l, u) * w * w / 8;
        if (!(w > 0) || !(2 * gap < d[1] - d[0]) || !Double.isFinite(l) || !Double.isFinite(u)) {
            return null;
        }
        double fl = f.derivativeAt(l);
        double fu = f.derivativeAt(u);
        double m = (fu - fl) / w;
        // f'(z) - m z at the ends, each f' within its error; between them the exact chord's
        // deviation from the line with the rounded slope m is linear, so the ends bound it
        double el = fl - m * l;
        double eu = fu - m * u;
        double scale = Math.max(Math.abs(fl), Math.abs(fu)) + Math.abs(m) * Math.max(Math.abs(l), Math.abs(u));
        double slack = Math.max(f.derivativeError(l, fl), f.derivativeError(u, fu));
        double low = OutwardRounding.padDown(Math.min(el, eu) - gap - slack, scale);
        double high = OutwardRounding.padUp(Math.max(el, eu) + gap + slack, scale);
        return Double.isFinite(m) && Double.isFinite(low) && Double.isFinite(high) ? new double[] {m, low, high} : null;
    }

    /**
     * A derivative f' that is even and decreasing in |z| (sigmoid', tanh', erf'), with the given
     * bound of its second derivative over [l, u]: its range over [l, u] lies between its values at
     * the end farthest from 0 and at the point nearest 0.
     */
    static DerivativeCurve unimodal(java.util.function.DoubleUnaryOperator f, java.util.function.DoubleBinaryOperator curvature) {
        return new DerivativeCurve() {
            @Override
            public void derivativeRange(double l, double u, double[] out) {
                double near = l > 0 ? l : u < 0 ? u : 0;
                double far = Math.abs(l) > Math.abs(u) ? l : u;
                out[0] = f.applyAsDouble(far);
                out[1] = f.applyAsDouble(near);
            }

            @Override
            public double derivativeAt(double z) {
                return f.applyAsDouble(z);
            }

            @Override
            public double curvatureBound(double l, double u) {
                return curvature.applyAsDouble(l, u);
            }
        };
    }
}
