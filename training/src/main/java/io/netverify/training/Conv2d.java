package io.netverify.training;

import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.Map;

/** A 2-D convolution with square kernel, stride and zero padding; weight {@code out x in x k x k}. */
public final class Conv2d extends WeightBiasLayer {
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Geometry out;

    Conv2d(Geometry in, int outChannels, int kernel, int stride, int padding, String name) {
        super(in, new Parameter(name + ".weight", outChannels, in.channels(), kernel, kernel), new Parameter(name + ".bias", outChannels));
        if (!in.image()) {
            throw new IllegalArgumentException(name + ": a convolution needs image inputs, got " + in);
        }
        int oh = (in.height() + 2 * padding - kernel) / stride + 1;
        int ow = (in.width() + 2 * padding - kernel) / stride + 1;
        if (kernel < 1 || stride < 1 || padding < 0 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException(name + ": kernel " + kernel + ", stride " + stride + ", padding " + padding
                + " do not fit input " + in);
        }
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.out = Geometry.image(outChannels, oh, ow);
    }

    @Override
    public Geometry output() {
        return out;
    }

    /** The three uses of one loop nest over (output channel, input channel, kernel offset, output position). */
    private enum Mode { APPLY, TRANSPOSE, WEIGHT_GRADIENT }

    @Override
    double[] apply(double[] w, double[] x, int n) {
        double[] y = new double[n * out.size()];
        Dense.forEach(n, work(n), s -> loop(Mode.APPLY, w, x, y, s, null));
        return y;
    }

    @Override
    double[] applyTransposed(double[] w, double[] g, int n) {
        double[] x = new double[n * in.size()];
        Dense.forEach(n, work(n), s -> loop(Mode.TRANSPOSE, w, x, g, s, null));
        return x;
    }

    @Override
    void addWeightGradient(double[] gw, double[] g, double[] x, int n) {
        int tasks = outChannels;
        Dense.forEach(tasks, work(n), co -> {
            for (int s = 0; s < n; s++) {
                loop(Mode.WEIGHT_GRADIENT, gw, x, g, s, co);
            }
        });
    }

    private long work(int n) {
        return (long) n * out.size() * in.channels() * kernel * kernel;
    }

    /**
     * For sample {@code s} (and only output channel {@code only} where given): APPLY adds
     * {@code w * x} into y, TRANSPOSE adds {@code w * y} into x, WEIGHT_GRADIENT adds {@code x * y}
     * into w.
     */
    private void loop(Mode mode, double[] w, double[] x, double[] y, int s, Integer only) {
        int ci0 = in.channels();
        int ih = in.height();
        int iw = in.width();
        int oh = out.height();
        int ow = out.width();
        int xBase = s * in.size();
        int yBase = s * out.size();
        int from = only == null ? 0 : only;
        int to = only == null ? outChannels : only + 1;
        for (int co = from; co < to; co++) {
            for (int ci = 0; ci < ci0; ci++) {
                for (int ky = 0; ky < kernel; ky++) {
                    for (int kx = 0; kx < kernel; kx++) {
                        int wi = ((co * ci0 + ci) * kernel + ky) * kernel + kx;
                        double wv = w[wi];
                        if (mode != Mode.WEIGHT_GRADIENT && wv == 0) {
                            continue;
                        }
                        // output columns whose input column ox*stride + kx - padding lies inside the image
                        int oxFrom = Math.max(0, ceilDiv(padding - kx, stride));
                        int oxTo = Math.min(ow - 1, Math.floorDiv(iw - 1 + padding - kx, stride));
                        double acc = 0;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * stride + ky - padding;
                            if (iy < 0 || iy >= ih) {
                                continue;
                            }
                            int xRow = xBase + (ci * ih + iy) * iw - padding + kx;
                            int yRow = yBase + (co * oh + oy) * ow;
                            switch (mode) {
                                case APPLY -> {
                                    for (int ox = oxFrom; ox <= oxTo; ox++) {
                                        y[yRow + ox] += wv * x[xRow + ox * stride];
                                    }
                                }
                                case TRANSPOSE -> {
                                    for (int ox = oxFrom; ox <= oxTo; ox++) {
                                        x[xRow + ox * stride] += wv * y[yRow + ox];
                                    }
                                }
                                default -> {
                                    for (int ox = oxFrom; ox <= oxTo; ox++) {
                                        acc += x[xRow + ox * stride] * y[yRow + ox];
                                    }
                                }
                            }
                        }
                        if (mode == Mode.WEIGHT_GRADIENT) {
                            w[wi] += acc;
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    String export(OnnxExport onnx, String input) {
        String w = onnx.initializer(weight.name(),
            Tensor.of(Shape.of(outChannels, in.channels(), kernel, kernel), weight.value().clone()));
        String b = onnx.initializer(bias.name(), Tensor.of(Shape.of(outChannels), bias.value().clone()));
        return onnx.node("Conv", List.of(input, w, b), Map.of(
            "kernel_shape", new long[] {kernel, kernel},
            "strides", new long[] {stride, stride},
            "pads", new long[] {padding, padding, padding, padding}));
    }
}
