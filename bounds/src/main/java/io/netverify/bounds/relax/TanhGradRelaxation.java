package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.ops.TanhGrad;

/**
 * TanhGrad(z, g) = tanh'(z) g: see {@link DerivativeProductRelaxation}. tanh''' = h(t^2) =
 * (1 - t^2)(6 t^2 - 2) for t = tanh z: a quadratic in t^2 with its vertex at 2/3.
 */
public final class TanhGradRelaxation extends DerivativeProductRelaxation {
    private static final DerivativeCurve CURVE = unimodal(TanhGrad::derivative, (l, u) -> evenCurvature(
        z -> Math.tanh(z) * Math.tanh(z), x -> (1 - x) * (6 * x - 2), 2.0 / 3, l, u));

    @Override
    protected DerivativeCurve curve(Node node) {
        return CURVE;
    }
}
