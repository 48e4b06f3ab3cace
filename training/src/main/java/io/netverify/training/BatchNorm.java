package io.netverify.training;

import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation per channel: {@code y = s x + t} with {@code s = gamma / sqrt(var + eps)} and
 * {@code t = beta - s mean}. In evaluation mode mean and var are the running statistics; in
 * training mode they are the statistics of the clean batch of the current {@link #forward} (as
 * certified-training code does), the running statistics are updated, and the gradient also flows
 * through the batch statistics into the clean activations. The bound passes use the same s and t
 * as the clean pass of the batch.
 */
public final class BatchNorm extends AffineLayer {
    /** 1e-5 as float32 stores it, so that the exported model computes the same function. */
    private static final double EPSILON = (float) 1e-5;
    private static final double MOMENTUM = 0.1;
    private final int channels;
    private final int spatial;
    private final Parameter gamma;
    private final Parameter beta;
    private final double[] runningMean;
    private final double[] runningVar;
    private boolean training;
    private final double[] scale;
    private final double[] shift;
    private final double[] gScale;
    private final double[] gShift;
    private double[] mean;
    private double[] var;
    private double[] x;
    private int batch;

    BatchNorm(Geometry in, String name) {
        super(in);
        this.channels = in.channels();
        this.spatial = in.spatial();
        this.gamma = new Parameter(name + ".weight", channels);
        this.beta = new Parameter(name + ".bias", channels);
        Arrays.fill(gamma.value(), 1);
        this.runningMean = new double[channels];
        this.runningVar = new double[channels];
        Arrays.fill(runningVar, 1);
        this.scale = new double[channels];
        this.shift = new double[channels];
        this.gScale = new double[channels];
        this.gShift = new double[channels];
    }

    @Override
    public Geometry output() {
        return in;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /** {@return the running mean (shared), used in evaluation mode and exported} */
    public double[] runningMean() {
        return runningMean;
    }

    /** {@return the running variance (shared)} */
    public double[] runningVar() {
        return runningVar;
    }

    @Override
    void training(boolean on) {
        training = on;
    }

    @Override
    double[] forward(double[] input, int n) {
        x = input;
        batch = n;
        if (training) {
            batchStatistics(input, n);
        } else {
            mean = runningMean.clone();
            var = runningVar.clone();
        }
        for (int c = 0; c < channels; c++) {
            scale[c] = gamma.value()[c] / Math.sqrt(var[c] + EPSILON);
            shift[c] = beta.value()[c] - scale[c] * mean[c];
        }
        Arrays.fill(gScale, 0);
        Arrays.fill(gShift, 0);
        return super.forward(input, n);
    }

    private void batchStatistics(double[] input, int n) {
        mean = new double[channels];
        var = new double[channels];
        double count = (double) n * spatial;
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * spatial;
                for (int p = 0; p < spatial; p++) {
                    mean[c] += input[base + p];
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            mean[c] /= count;
        }
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * spatial;
                for (int p = 0; p < spatial; p++) {
                    double d = input[base + p] - mean[c];
                    var[c] += d * d;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            var[c] /= count;
            double unbiased = count > 1 ? var[c] * count / (count - 1) : var[c];
            runningMean[c] = (1 - MOMENTUM) * runningMean[c] + MOMENTUM * mean[c];
            runningVar[c] = (1 - MOMENTUM) * runningVar[c] + MOMENTUM * unbiased;
        }
    }

    /**
     * After the clean pass's own reverse, every pass has added its gradient with respect to s and t:
     * they go to gamma and beta and, in training mode, through the batch statistics to the input.
     */
    @Override
    double[] forwardReverse(double[] gy, int n) {
        double[] gx = super.forwardReverse(gy, n);
        double count = (double) batch * spatial;
        for (int c = 0; c < channels; c++) {
            double root = Math.sqrt(var[c] + EPSILON);
            double gs = gScale[c] - gShift[c] * mean[c];
            beta.gradient()[c] += gShift[c];
            gamma.gradient()[c] += gs / root;
            if (training) {
                double gMean = -scale[c] * gShift[c];
                double gVar = -0.5 * gs * gamma.value()[c] / (root * root * root);
                for (int s = 0; s < batch; s++) {
                    int base = (s * channels + c) * spatial;
                    for (int p = 0; p < spatial; p++) {
                        gx[base + p] += (gMean + 2 * gVar * (x[base + p] - mean[c])) / count;
                    }
                }
            }
        }
        return gx;
    }

    @Override
    double[] weight() {
        return scale;
    }

    @Override
    double[] bias() {
        return shift;
    }

    @Override
    double[] weightGradient() {
        return gScale;
    }

    @Override
    double[] biasGradient() {
        return gShift;
    }

    @Override
    double[] apply(double[] w, double[] v, int n) {
        double[] out = new double[v.length];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * spatial;
                for (int p = 0; p < spatial; p++) {
                    out[base + p] = w[c] * v[base + p];
                }
            }
        }
        return out;
    }

    @Override
    double[] applyTransposed(double[] w, double[] g, int n) {
        return apply(w, g, n);
    }

    @Override
    void addWeightGradient(double[] gw, double[] g, double[] v, int n) {
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * spatial;
                double sum = 0;
                for (int p = 0; p < spatial; p++) {
                    sum += g[base + p] * v[base + p];
                }
                gw[c] += sum;
            }
        }
    }

    @Override
    String export(OnnxExport onnx, String input) {
        Shape shape = Shape.of(channels);
        String g = onnx.initializer(gamma.name(), Tensor.of(shape, gamma.value().clone()));
        String b = onnx.initializer(beta.name(), Tensor.of(shape, beta.value().clone()));
        String m = onnx.initializer(gamma.name().replace(".weight", ".running_mean"), Tensor.of(shape, runningMean.clone()));
        String v = onnx.initializer(gamma.name().replace(".weight", ".running_var"), Tensor.of(shape, runningVar.clone()));
        return onnx.node("BatchNormalization", List.of(input, g, b, m, v), Map.of("epsilon", EPSILON));
    }
}
