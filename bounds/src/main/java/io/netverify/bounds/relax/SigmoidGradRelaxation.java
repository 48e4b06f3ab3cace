package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.ops.SigmoidGrad;

/**
 * SigmoidGrad(z, g) = s'(z) g: see {@link DerivativeProductRelaxation}. s''' = h(t^2) =
 * (1/4 - t^2)(6 t^2 - 1/2) for t = s(z) - 1/2 = tanh(z/2)/2: a quadratic in t^2 with its vertex at 1/6.
 */
public final class SigmoidGradRelaxation extends DerivativeProductRelaxation {
    private static final DerivativeCurve CURVE = unimodal(SigmoidGrad::derivative, (l, u) -> evenCurvature(
        z -> Math.tanh(z / 2) * Math.tanh(z / 2) / 4, x -> (0.25 - x) * (6 * x - 0.5), 1.0 / 6, l, u));

    @Override
    protected DerivativeCurve curve(Node node) {
        return CURVE;
    }
}
