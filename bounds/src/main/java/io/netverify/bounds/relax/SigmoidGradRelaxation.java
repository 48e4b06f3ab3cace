package io.netverify.bounds.relax;

import io.netverify.onnx.ops.SigmoidGrad;

/** SigmoidGrad(z, g) = s'(z) g: see {@link DerivativeProductRelaxation}. */
public final class SigmoidGradRelaxation extends DerivativeProductRelaxation {
    @Override
    protected void derivativeRange(double l, double u, double[] out) {
        unimodalRange(SigmoidGrad::derivative, l, u, out);
    }
}
