package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Tanh;

import java.util.List;

/**
 * Tanh: S-shaped (see {@link SShapedCurve}); tanh' = 1 / cosh^2, without the cancellation of
 * 1 - tanh^2, and tanh'' = -2 tanh / cosh^2.
 */
public final class TanhRelaxation extends CurveRelaxation {
    public TanhRelaxation() {
        super(new SShapedCurve(new Tanh().function(null, List.of()), x -> {
            double c = Math.cosh(x);
            return 1 / (c * c);
        }, x -> {
            double c = Math.cosh(x);
            return -2 * Math.tanh(x) / (c * c);
        }, -1, 1));
    }
}
