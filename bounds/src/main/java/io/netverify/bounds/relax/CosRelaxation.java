package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Cos;

import java.util.List;

/** Cos, by its concave and convex half periods (see {@link PeriodicCurve}). */
public final class CosRelaxation extends CurveRelaxation {
    public CosRelaxation() {
        super(new PeriodicCurve(new Cos().function(null, List.of()), x -> -Math.sin(x), 0.5));
    }
}
