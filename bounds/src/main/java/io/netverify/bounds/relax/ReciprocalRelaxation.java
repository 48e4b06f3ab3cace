package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Reciprocal;

import java.util.List;

/**
 * Reciprocal 1/x on intervals of one sign (convex for x > 0, concave for x < 0); an interval holding
 * 0 is an error. See {@link PowerCurve} with c = -1, here with the evaluator's 1/x.
 */
public final class ReciprocalRelaxation extends CurveRelaxation {
    public ReciprocalRelaxation() {
        super(new PowerCurve(-1, new Reciprocal().function(null, List.of())));
    }
}
