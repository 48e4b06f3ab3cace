package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Erf;

import java.util.List;

/** Erf: S-shaped (see {@link SShapedCurve}) with erf' = 2/sqrt(pi) e^(-x^2), erf'' = -2 x erf'. */
public final class ErfRelaxation extends CurveRelaxation {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    public ErfRelaxation() {
        super(new SShapedCurve(new Erf().function(null, List.of()), x -> TWO_OVER_SQRT_PI * Gaussian.expMinusSquare(x),
            x -> -2 * x * TWO_OVER_SQRT_PI * Gaussian.expMinusSquare(x), -1, 1));
    }
}
