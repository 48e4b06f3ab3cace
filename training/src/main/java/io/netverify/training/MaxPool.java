package io.netverify.training;

import java.util.List;
import java.util.Map;

/**
 * Max pooling over square windows without padding. IBP takes the window maxima of the lower and of
 * the upper bounds. CROWN bounds each output from below by the window element with the largest
 * lower bound (j*), and from above by j* itself where its lower bound reaches every other element's
 * upper bound (then the output is j*), else by the constant largest upper bound; the gradient flows
 * to the bound that attains each maximum.
 */
public final class MaxPool extends PoolLayer {
    private int[] argmax;
    private int[] lowerArg;
    private int[] upperArg;
    private double[] upperMax;
    private boolean[] exact;
    private double[] lambda;
    private final PendingBoxGradient pending = new PendingBoxGradient();

    MaxPool(Geometry in, int kernel, int stride) {
        super(in, kernel, stride, "max pooling");
    }

    /** For every output of n samples, the input index of the window's largest value of {@code v}. */
    private int[] windowArgmax(double[] v, int n) {
        int[] arg = new int[n * out.size()];
        java.util.Arrays.fill(arg, -1);
        each(n, (xi, yi) -> {
            if (arg[yi] < 0 || v[xi] > v[arg[yi]]) {
                arg[yi] = xi;
            }
        });
        return arg;
    }

    private static double[] gather(double[] v, int[] arg) {
        double[] y = new double[arg.length];
        for (int o = 0; o < arg.length; o++) {
            y[o] = v[arg[o]];
        }
        return y;
    }

    private double[] scatter(double[] g, int[] arg, int n) {
        double[] x = new double[n * in.size()];
        for (int o = 0; o < arg.length; o++) {
            x[arg[o]] += g[o];
        }
        return x;
    }

    @Override
    double[] forward(double[] x, int n) {
        argmax = windowArgmax(x, n);
        return gather(x, argmax);
    }

    @Override
    double[] forwardReverse(double[] gy, int n) {
        return scatter(gy, argmax, n);
    }

    @Override
    Box ibp(Box x, int n) {
        pending.clear();
        lowerArg = windowArgmax(x.lower(), n);
        upperArg = windowArgmax(x.upper(), n);
        upperMax = gather(x.upper(), upperArg);
        exact = new boolean[lowerArg.length];
        // exact where j*'s lower bound reaches the upper bound of every other window element
        for (int o = 0; o < lowerArg.length; o++) {
            double l = x.lower()[lowerArg[o]];
            boolean all = true;
            int r = o / out.spatial();
            int p = o % out.spatial();
            int oy = p / out.width();
            int ox = p % out.width();
            for (int ky = 0; ky < kernel && all; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    int i = r * in.spatial() + (oy * stride + ky) * in.width() + ox * stride + kx;
                    if (i != lowerArg[o] && x.upper()[i] > l) {
                        all = false;
                        break;
                    }
                }
            }
            exact[o] = all;
        }
        return new Box(gather(x.lower(), lowerArg), upperMax.clone());
    }

    @Override
    Box ibpReverse(Box g, int n) {
        return pending.drainInto(new Box(scatter(g.lower(), lowerArg, n), scatter(g.upper(), upperArg, n)));
    }

    @Override
    double[] backward(double[] lam, int n, int rows, double[] bias) {
        lambda = lam;
        int size = out.size();
        double[] x = new double[n * rows * in.size()];
        for (int r = 0; r < n * rows; r++) {
            int s = r / rows;
            // lowerArg holds indices into the batch's inputs; row r's coefficients start at r * in.size()
            int shift = (r - s) * in.size();
            for (int j = 0; j < size; j++) {
                int o = s * size + j;
                double v = lam[r * size + j];
                if (v >= 0 || exact[o]) {
                    x[shift + lowerArg[o]] += v;
                } else {
                    bias[r] += v * upperMax[o];
                }
            }
        }
        return x;
    }

    @Override
    double[] backwardReverse(double[] gLambdaIn, double[] gBias, int n, int rows) {
        int size = out.size();
        double[] g = new double[lambda.length];
        Box gBox = Box.zeros(n * in.size());
        for (int r = 0; r < n * rows; r++) {
            int s = r / rows;
            // lowerArg holds indices into the batch's inputs; row r's coefficients start at r * in.size()
            int shift = (r - s) * in.size();
            for (int j = 0; j < size; j++) {
                int o = s * size + j;
                double v = lambda[r * size + j];
                if (v >= 0 || exact[o]) {
                    g[r * size + j] = gLambdaIn[shift + lowerArg[o]];
                } else {
                    g[r * size + j] = gBias[r] * upperMax[o];
                    gBox.upper()[upperArg[o]] += gBias[r] * v;
                }
            }
        }
        pending.hold(gBox);
        return g;
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("MaxPool", List.of(input), Map.of(
            "kernel_shape", new long[] {kernel, kernel}, "strides", new long[] {stride, stride}));
    }
}
