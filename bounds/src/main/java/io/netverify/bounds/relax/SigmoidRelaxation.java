package io.netverify.bounds.relax;

import io.netverify.onnx.ops.Sigmoid;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Sigmoid: S-shaped (see {@link SShapedCurve}); sigmoid' = sigmoid(x) sigmoid(-x), without
 * cancellation, and sigmoid'' = sigmoid' (sigmoid(-x) - sigmoid(x)).
 */
public final class SigmoidRelaxation extends CurveRelaxation {
    private static final DoubleUnaryOperator SIGMOID = new Sigmoid().function(null, List.of());

    public SigmoidRelaxation() {
        super(new SShapedCurve(SIGMOID, x -> SIGMOID.applyAsDouble(x) * SIGMOID.applyAsDouble(-x), x -> {
            double p = SIGMOID.applyAsDouble(x);
            double q = SIGMOID.applyAsDouble(-x);
            return p * q * (q - p);
        }, 0, 1));
    }
}
