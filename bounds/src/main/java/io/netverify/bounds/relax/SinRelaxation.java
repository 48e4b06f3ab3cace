package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Sin;

import java.util.List;

/** Sin, by its concave and convex half periods (see {@link PeriodicCurve}). */
public final class SinRelaxation extends CurveRelaxation {
    public SinRelaxation() {
        super(new PeriodicCurve(new Sin().function(null, List.of()), Math::cos, 0));
    }
}
