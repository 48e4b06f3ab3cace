package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Sqrt;

import java.util.List;

/** Sqrt, for x >= 0 only: x^0.5 (see {@link PowerCurve}) with the evaluator's square root. */
public final class SqrtRelaxation extends CurveRelaxation {
    public SqrtRelaxation() {
        super(new PowerCurve(0.5, new Sqrt().function(null, List.of())));
    }
}
