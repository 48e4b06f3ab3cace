package io.netverify.training;

import java.util.List;
import java.util.Map;

/**
 * Average pooling over square windows without padding: a fixed linear map with non-negative
 * weights, so IBP maps lower to lower and upper to upper bounds and CROWN passes coefficients
 * through its transpose.
 */
public final class AveragePool extends Layer {
    private final int kernel;
    private final int stride;
    private final Geometry out;

    AveragePool(Geometry in, int kernel, int stride) {
        super(in);
        int oh = (in.height() - kernel) / stride + 1;
        int ow = (in.width() - kernel) / stride + 1;
        if (!in.image() || kernel < 1 || stride < 1 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException("average pooling " + kernel + "/" + stride + " does not fit input " + in);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.out = Geometry.image(in.channels(), oh, ow);
    }

    @Override
    public Geometry output() {
        return out;
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

    private interface Pair {
        void visit(int xi, int yi);
    }

    private void each(int n, Pair visit) {
        int rows = n * in.channels();
        for (int r = 0; r < rows; r++) {
            int xBase = r * in.spatial();
            int yBase = r * out.spatial();
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    for (int ky = 0; ky < kernel; ky++) {
                        for (int kx = 0; kx < kernel; kx++) {
                            visit.visit(xBase + (oy * stride + ky) * in.width() + ox * stride + kx, yBase + oy * out.width() + ox);
                        }
                    }
                }
            }
        }
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
