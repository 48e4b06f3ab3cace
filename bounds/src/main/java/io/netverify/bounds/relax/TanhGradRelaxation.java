package io.netverify.bounds.relax;

import io.netverify.onnx.ops.TanhGrad;

/** TanhGrad(z, g) = tanh'(z) g: see {@link DerivativeProductRelaxation}. */
public final class TanhGradRelaxation extends DerivativeProductRelaxation {
    @Override
    protected void derivativeRange(double l, double u, double[] out) {
        unimodalRange(TanhGrad::derivative, l, u, out);
    }

    @Override
    protected double derivativeAt(double z) {
        return TanhGrad.derivative(z);
    }

    /** tanh''' = h(t^2) = (1 - t^2)(6 t^2 - 2) for t = tanh z: a quadratic in t^2 with its vertex at 2/3. */
    @Override
    protected double curvatureBound(double l, double u) {
        return evenCurvature(z -> Math.tanh(z) * Math.tanh(z), x -> (1 - x) * (6 * x - 2), 2.0 / 3, l, u);
    }
}
