package io.netverify.bounds.relax;

import io.netverify.onnx.ops.TanhGrad;

/** TanhGrad(z, g) = tanh'(z) g: see {@link DerivativeProductRelaxation}. */
public final class TanhGradRelaxation extends DerivativeProductRelaxation {
    @Override
    protected void derivativeRange(double l, double u, double[] out) {
        unimodalRange(TanhGrad::derivative, l, u, out);
    }
}
