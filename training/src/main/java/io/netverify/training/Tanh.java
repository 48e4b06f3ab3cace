package io.netverify.training;

import java.util.List;

/** The hyperbolic tangent. */
public final class Tanh extends SShaped {
    Tanh(Geometry in) {
        super(in);
    }

    @Override
    double value(double v) {
        return Math.tanh(v);
    }

    @Override
    double derivative(double v) {
        double t = Math.tanh(v);
        return 1 - t * t;
    }

    @Override
    double secondDerivative(double v) {
        double t = Math.tanh(v);
        return -2 * t * (1 - t * t);
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("Tanh", List.of(input));
    }
}
