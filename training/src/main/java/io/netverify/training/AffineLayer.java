package io.netverify.training;

/**
 * A layer {@code y = W x + b} where W is a linear map given by a weight array (dense, convolution
 * or per-channel scale) and b one bias per output channel. The passes and their reverses are the
 * same for all such maps; subclasses supply the map, its transpose and its weight gradient.
 * IBP runs in midpoint-radius form: {@code mid' = W mid + b}, {@code rad' = |W| rad}.
 */
abstract class AffineLayer extends Layer {
    private double[] x;
    private double[] mid;
    private double[] radius;
    private double[] lambda;

    AffineLayer(Geometry in) {
        super(in);
    }

    /** The weights the map uses now. */
    abstract double[] weight();

    /** The bias per output channel now. */
    abstract double[] bias();

    /** Where the gradients with respect to {@link #weight()} and {@link #bias()} are added. */
    abstract double[] weightGradient();

    abstract double[] biasGradient();

    /** {@code w x} for a batch of {@code n} inputs, with weights {@code w} shaped as {@link #weight()}. */
    abstract double[] apply(double[] w, double[] x, int n);

    /** {@code w^T g} for a batch of {@code n} output gradients. */
    abstract double[] applyTransposed(double[] w, double[] g, int n);

    /** Adds {@code sum over the batch of g x^T} (the weight gradient of {@code g . w x}) to {@code gw}. */
    abstract void addWeightGradient(double[] gw, double[] g, double[] x, int n);

    @Override
    double[] forward(double[] input, int n) {
        x = input;
        return addBias(apply(weight(), input, n), n);
    }

    @Override
    double[] forwardReverse(double[] gy, int n) {
        addWeightGradient(weightGradient(), gy, x, n);
        addBiasGradient(gy, n);
        return inputGradient ? applyTransposed(weight(), gy, n) : new double[n * in.size()];
    }

    @Override
    Box ibp(Box box, int n) {
        mid = box.mid();
        radius = box.radius();
        return Box.around(addBias(apply(weight(), mid, n), n), apply(Dense.abs(weight()), radius, n));
    }

    @Override
    Box ibpReverse(Box g, int n) {
        double[] gMid = add(g.upper(), g.lower(), 1);
        double[] gRad = add(g.upper(), g.lower(), -1);
        double[] w = weight();
        double[] gw = weightGradient();
        addWeightGradient(gw, gMid, mid, n);
        addBiasGradient(gMid, n);
        double[] gAbs = new double[w.length];
        addWeightGradient(gAbs, gRad, radius, n);
        for (int i = 0; i < w.length; i++) {
            gw[i] += Math.signum(w[i]) * gAbs[i];
        }
        if (!inputGradient) {
            return Box.zeros(n * in.size());
        }
        return Box.fromMidRadius(applyTransposed(w, gMid, n), applyTransposed(Dense.abs(w), gRad, n));
    }

    @Override
    double[] backward(double[] lambda, int n, int rows, double[] bias) {
        this.lambda = lambda;
        int m = n * rows;
        double[] b = bias();
        int channels = output().channels();
        int spatial = output().spatial();
        for (int r = 0; r < m; r++) {
            double s = 0;
            int base = r * channels * spatial;
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int p = 0; p < spatial; p++) {
                    sum += lambda[base + c * spatial + p];
                }
                s += sum * b[c];
            }
            bias[r] += s;
        }
        return applyTransposed(weight(), lambda, m);
    }

    @Override
    double[] backwardReverse(double[] gLambdaIn, double[] gBias, int n, int rows) {
        int m = n * rows;
        addWeightGradient(weightGradient(), lambda, gLambdaIn, m);
        double[] g = apply(weight(), gLambdaIn, m);
        double[] b = bias();
        double[] gb = biasGradient();
        int channels = output().channels();
        int spatial = output().spatial();
        for (int r = 0; r < m; r++) {
            int base = r * channels * spatial;
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int p = 0; p < spatial; p++) {
                    g[base + c * spatial + p] += gBias[r] * b[c];
                    sum += lambda[base + c * spatial + p];
                }
                gb[c] += gBias[r] * sum;
            }
        }
        return g;
    }

    private double[] addBias(double[] y, int n) {
        double[] b = bias();
        int channels = output().channels();
        int spatial = output().spatial();
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * spatial;
                for (int p = 0; p < spatial; p++) {
                    y[base + p] += b[c];
                }
            }
        }
        return y;
    }

    private void addBiasGradient(double[] g, int n) {
        double[] gb = biasGradient();
        int channels = output().channels();
        int spatial = output().spatial();
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * spatial;
                double sum = 0;
                for (int p = 0; p < spatial; p++) {
                    sum += g[base + p];
                }
                gb[c] += sum;
            }
        }
    }

    private static double[] add(double[] a, double[] b, double sign) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + sign * b[i];
        }
        return out;
    }
}
