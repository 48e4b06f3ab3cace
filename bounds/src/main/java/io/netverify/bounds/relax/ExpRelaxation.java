package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Exp;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Exp: convex and increasing, so the chord above and a tangent below (alpha: the tangent point). */
public final class ExpRelaxation extends CurveRelaxation {
    private static final DoubleUnaryOperator EXP = new Exp().function(null, List.of());

    public ExpRelaxation() {
        super(new Curve() {
            @Override
            double f(double x) {
                return EXP.applyAsDouble(x);
            }

            @Override
            double df(double x) {
                return EXP.applyAsDouble(x);
            }

            @Override
            double d2f(double x) {
                return EXP.applyAsDouble(x);
            }

            @Override
            int curvature(double x) {
                return 1;
            }

            @Override
            double lowest() {
                return 0;
            }
        });
    }
}
