package io.netverify.training;

/**
 * An S-shaped activation (sigmoid, tanh): increasing, convex below 0 and concave above, with f'
 * largest at 0. Relaxation on {@code [l, u]}: where the interval lies on one side of 0, the chord
 * on the side where it bounds and the tangent at the midpoint on the other; where it crosses 0,
 * the lines through {@code (l, f(l))} (lower) and {@code (u, f(u))} (upper) with the smallest
 * slope f' takes on the interval, {@code k = min(f'(l), f'(u))}: sound since f' >= k on
 * {@code [l, u]}, and differentiable in l and u (looser than the verifier's tangent search).
 */
abstract class SShaped extends Activation {
    SShaped(Geometry in) {
        super(in);
    }

    abstract double secondDerivative(double v);

    @Override
    void relax(double l, double u, double[] out, int at) {
        if (l == u) {
            double s = derivative(l);
            double t = value(l) - s * l;
            out[at] = s;
            out[at + 1] = t;
            out[at + 2] = s;
            out[at + 3] = t;
        } else if (u <= 0 || l >= 0) {
            int chord = u <= 0 ? 2 : 0;
            int tangent = 2 - chord;
            double s = (value(u) - value(l)) / (u - l);
            out[at + chord] = s;
            out[at + chord + 1] = value(l) - s * l;
            double m = 0.5 * (l + u);
            out[at + tangent] = derivative(m);
            out[at + tangent + 1] = value(m) - derivative(m) * m;
        } else {
            double k = Math.min(derivative(l), derivative(u));
            out[at] = k;
            out[at + 1] = value(l) - k * l;
            out[at + 2] = k;
            out[at + 3] = value(u) - k * u;
        }
    }

    @Override
    void relaxReverse(double l, double u, double[] g, double[] out) {
        out[0] = 0;
        out[1] = 0;
        if (l == u) {
            // both lines are the tangent at l: s = f'(l), t = f(l) - f'(l) l
            double gs = g[0] + g[2];
            double gt = g[1] + g[3];
            double d = gs * secondDerivative(l) - gt * secondDerivative(l) * l;
            out[0] = d;
            out[1] = 0;
        } else if (u <= 0 || l >= 0) {
            int chord = u <= 0 ? 2 : 0;
            int tangent = 2 - chord;
            double w = u - l;
            double s = (value(u) - value(l)) / w;
            double dsDl = (s - derivative(l)) / w;
            double dsDu = (derivative(u) - s) / w;
            // t = f(l) - s l
            double gs = g[chord] - g[chord + 1] * l;
            out[0] += gs * dsDl + g[chord + 1] * (derivative(l) - s);
            out[1] += gs * dsDu;
            // tangent at m = (l + u) / 2: s = f'(m), t = f(m) - f'(m) m, so dt/dm = -f''(m) m
            double m = 0.5 * (l + u);
            double gm = g[tangent] * secondDerivative(m) - g[tangent + 1] * secondDerivative(m) * m;
            out[0] += 0.5 * gm;
            out[1] += 0.5 * gm;
        } else {
            boolean atLower = derivative(l) <= derivative(u);
            double k = atLower ? derivative(l) : derivative(u);
            // lower t = f(l) - k l, upper t = f(u) - k u
            double gk = g[0] + g[2] - g[1] * l - g[3] * u;
            out[0] += g[1] * (derivative(l) - k);
            out[1] += g[3] * (derivative(u) - k);
            if (atLower) {
                out[0] += gk * secondDerivative(l);
            } else {
                out[1] += gk * secondDerivative(u);
            }
        }
    }
}
