package io.netverify.bounds.relax;

import io.netverify.onnx.ops.SigmoidGrad;

/** SigmoidGrad(z, g) = s'(z) g: see {@link DerivativeProductRelaxation}. */
public final class SigmoidGradRelaxation extends DerivativeProductRelaxation {
    @Override
    protected void derivativeRange(double l, double u, double[] out) {
        unimodalRange(SigmoidGrad::derivative, l, u, out);
    }

    @Override
    protected double derivativeAt(double z) {
        return SigmoidGrad.derivative(z);
    }

    /** s''' = h(t^2) = (1/4 - t^2)(6 t^2 - 1/2) for t = s(z) - 1/2 = tanh(z/2)/2: a quadratic in t^2 with its vertex at 1/6. */
    @Override
    protected double curvatureBound(double l, double u) {
        return evenCurvature(z -> square(Math.tanh(z / 2)) / 4, x -> (0.25 - x) * (6 * x - 0.5), 1.0 / 6, l, u);
    }

    private static double square(double v) {
        return v * v;
    }
}
