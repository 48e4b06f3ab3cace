package io.netverify.training;

import java.util.List;
import java.util.Map;

/** Flattens an image to a vector of its values (channel-major, as ONNX Flatten with axis 1): the identity on the data. */
public final class Flatten extends Layer {
    Flatten(Geometry in) {
        super(in);
    }

    @Override
    public Geometry output() {
        return Geometry.flat(in.size());
    }

    @Override
    double[] forward(double[] x, int n) {
        return x;
    }

    @Override
    double[] forwardReverse(double[] gy, int n) {
        return gy;
    }

    @Override
    Box ibp(Box x, int n) {
        return x;
    }

    @Override
    Box ibpReverse(Box g, int n) {
        return g;
    }

    @Override
    double[] backward(double[] lambda, int n, int rows, double[] bias) {
        return lambda;
    }

    @Override
    double[] backwardReverse(double[] gLambdaIn, double[] gBias, int n, int rows) {
        return gLambdaIn;
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("Flatten", List.of(input), Map.of("axis", 1L));
    }
}
