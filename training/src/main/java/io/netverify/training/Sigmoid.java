package io.netverify.training;

import java.util.List;

/** The logistic function {@code 1 / (1 + exp(-x))}. */
public final class Sigmoid extends SShaped {
    Sigmoid(Geometry in) {
        super(in);
    }

    @Override
    double value(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Override
    double derivative(double v) {
        double s = value(v);
        return s * (1 - s);
    }

    @Override
    double secondDerivative(double v) {
        double s = value(v);
        return s * (1 - s) * (1 - 2 * s);
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("Sigmoid", List.of(input));
    }
}
