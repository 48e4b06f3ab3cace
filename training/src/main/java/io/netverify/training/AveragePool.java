package io.netverify.training;

import java.util.List;
import java.util.Map;

/**
 * Average pooling over square windows without padding: a fixed linear map with non-negative
 * weights, so IBP maps lower to lower and upper to upper bounds and CROWN passes coefficients
 * through its transpose.
 */
public final class AveragePool extends PoolLayer {

    AveragePool(Geometry in, int kernel, int stride) {
        super(in, kernel, stride, "average pooling");
    }

    private double[] pool(double[] x, int n) {
        double[] y = new double[n * out.size()];
        double w = 1.0 / (kernel * kernel);
        each(n, (xi, yi) -> y[yi] += w * x[xi]);
        return y;
    }

    private double[] spread(double[] g, int n) {
        double[] x = new double[n * in.size()];
        double w = 1.0 / (kernel * kernel);
        each(n, (xi, yi) -> x[xi] += w * g[yi]);
        return x;
    }

    @Override
    double[] forward(double[] x, int n) {
        return pool(x, n);
    }

    @Override
    double[] forwardReverse(double[] gy, int n) {
        return spread(gy, n);
    }

    @Override
    Box ibp(Box x, int n) {
        return new Box(pool(x.lower(), n), pool(x.upper(), n));
    }

    @Override
    Box ibpReverse(Box g, int n) {
        return new Box(spread(g.lower(), n), spread(g.upper(), n));
    }

    @Override
    double[] backward(double[] lambda, int n, int rows, double[] bias) {
        return spread(lambda, n * rows);
    }

    @Override
    double[] backwardReverse(double[] gLambdaIn, double[] gBias, int n, int rows) {
        return pool(gLambdaIn, n * rows);
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("AveragePool", List.of(input), Map.of(
            "kernel_shape", new long[] {kernel, kernel}, "strides", new long[] {stride, stride}));
    }
}
