package io.netverify.bounds.relax;

import io.netverify.onnx.Node;
import io.netverify.onnx.ops.ErfGrad;

/**
 * ErfGrad(z, g) = erf'(z) g, erf' = 2/sqrt(pi) e^(-z^2) even and decreasing in |z|: see
 * {@link DerivativeProductRelaxation}. erf''' = 2/sqrt(pi) h(z^2) with h(x) = (4x - 2) e^(-x),
 * increasing up to x = 3/2 and decreasing after, so |h| is largest at the ends or at 3/2 (the
 * factor's rounding is within the padding).
 */
public final class ErfGradRelaxation extends DerivativeProductRelaxation {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final DerivativeCurve CURVE = unimodal(ErfGrad::derivative, (l, u) -> TWO_OVER_SQRT_PI * (1 + 1e-12)
        * evenCurvature(z -> z * z, x -> (4 * x - 2) * Math.exp(-x), 1.5, l, u));

    @Override
    protected DerivativeCurve curve(Node node) {
        return CURVE;
    }
}
