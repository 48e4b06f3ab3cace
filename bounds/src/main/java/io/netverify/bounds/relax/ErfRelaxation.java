package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Erf;
import io.netverify.onnx.ops.ErfGrad;

import java.util.List;

/** Erf: S-shaped (see {@link SShapedCurve}) with erf' = 2/sqrt(pi) e^(-x^2) ({@link ErfGrad#derivative}), erf'' = -2 x erf'. */
public final class ErfRelaxation extends CurveRelaxation {
    public ErfRelaxation() {
        super(new SShapedCurve(new Erf().function(null, List.of()), ErfGrad::derivative,
            x -> -2 * x * ErfGrad.derivative(x), -1, 1));
    }
}
