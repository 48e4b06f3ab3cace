package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Log;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Log, for x > 0 only: concave and increasing, so a tangent above and the chord below. */
public final class LogRelaxation extends CurveRelaxation {
    private static final DoubleUnaryOperator LOG = new Log().function(null, List.of());

    public LogRelaxation() {
        super(new Curve() {
            @Override
            double f(double x) {
                return LOG.applyAsDouble(x);
            }

            @Override
            double df(double x) {
                return 1 / x;
            }

            @Override
            double d2f(double x) {
                return -1 / (x * x);
            }

            @Override
            int curvature(double x) {
                return -1;
            }

            @Override
            String domainProblem(double l, double u) {
                return l > 0 ? null : "but Log is bounded only for x > 0";
            }
        });
    }
}
