package io.netverify.onnx.ops;

import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;

/**
 * The resampling of Resize and Upsample: nearest, (multi)linear or cubic interpolation, one axis
 * after the other from the last to the first (the order of the ONNX reference), with the
 * coordinate transformations of Resize-11..19. Coordinates, nearest-pixel choices and weights are
 * computed in float32 like the runtimes do (scales are float32 tensors); the weighted sums in float64.
 */
final class Interpolation {
    /** Nearest-pixel rule of Resize-10 and Upsample: truncation when upsampling, ceiling when downsampling. */
    static final String LEGACY_NEAREST = "legacy";

    private final String mode;
    private final String coordinateMode;
    private final String nearestMode;
    private final double cubicA;
    private final boolean excludeOutside;
    private final double extrapolation;
    private final float[] scales;
    private final int[] outDims;
    private final float[] roi;

    /**
     * @param mode           "nearest", "linear" or "cubic"
     * @param coordinateMode an ONNX coordinate_transformation_mode
     * @param nearestMode    an ONNX nearest_mode or {@link #LEGACY_NEAREST}
     * @param scales         per axis, as used by the coordinate transformation
     * @param outDims        output dimensions
     * @param roi            [starts..., ends...] per axis for tf_crop_and_resize, else null
     */
    Interpolation(String mode, String coordinateMode, String nearestMode, double cubicA, boolean excludeOutside,
                  double extrapolation, float[] scales, int[] outDims, float[] roi) {
        if (!mode.equals("nearest") && !mode.equals("linear") && !mode.equals("cubic")) {
            throw new IllegalArgumentException("unknown mode '" + mode + "'");
        }
        if (!Arrays.asList("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners", "asymmetric",
            "tf_half_pixel_for_nn", "tf_crop_and_resize").contains(coordinateMode)) {
            throw new IllegalArgumentException("unknown coordinate_transformation_mode '" + coordinateMode + "'");
        }
        if (!Arrays.asList("round_prefer_floor", "round_prefer_ceil", "floor", "ceil", LEGACY_NEAREST).contains(nearestMode)) {
            throw new IllegalArgumentException("unknown nearest_mode '" + nearestMode + "'");
        }
        if (coordinateMode.equals("tf_crop_and_resize") && roi == null) {
            throw new IllegalArgumentException("tf_crop_and_resize needs the roi input");
        }
        this.mode = mode;
        this.coordinateMode = coordinateMode;
        this.nearestMode = nearestMode;
        this.cubicA = cubicA;
        this.excludeOutside = excludeOutside;
        this.extrapolation = extrapolation;
        this.scales = scales.clone();
        this.outDims = outDims.clone();
        this.roi = roi == null ? null : roi.clone();
    }

    /** floor(in * scale) in float32, the output size for a scale. */
    static int scaledSize(int in, float scale) {
        float v = in * scale;
        if (!(v >= 0 && v <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("scale " + scale + " gives an invalid output size");
        }
        return (int) Math.floor(v);
    }

    Shape outputShape() {
        return Shape.of(outDims);
    }

    Tensor apply(Tensor x) {
        int[] dims = x.shape().dims();
        if (dims.length != outDims.length) {
            throw new IllegalArgumentException("scales/sizes have " + outDims.length + " values for an input of rank "
                + dims.length);
        }
        double[] data = x.backingArray();
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            // Every transformation maps an unscaled axis onto itself, except a crop.
            boolean identity = dims[axis] == outDims[axis] && scales[axis] == 1f
                && !coordinateMode.equals("tf_crop_and_resize");
            if (!identity) {
                data = resample(data, dims, axis, taps(axis, dims[axis]));
                dims[axis] = outDims[axis];
            }
        }
        return new Tensor(x.type(), outputShape(), data);
    }

    /** For each output position of one axis: input indices and weights, or outside the input (tf_crop_and_resize). */
    private record Taps(int[][] index, double[][] weight, boolean[] outside) {
    }

    private double[] resample(double[] src, int[] dims, int axis, Taps taps) {
        int outer = Shape.of(Arrays.copyOfRange(dims, 0, axis)).size();
        int inner = Shape.of(Arrays.copyOfRange(dims, axis + 1, dims.length)).size();
        int len = dims[axis];
        int outLen = taps.index.length;
        double[] dst = new double[outer * outLen * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < outLen; j++) {
                int d = (o * outLen + j) * inner;
                if (taps.outside[j]) {
                    Arrays.fill(dst, d, d + inner, extrapolation);
                    continue;
                }
                int[] idx = taps.index[j];
                double[] w = taps.weight[j];
                for (int q = 0; q < idx.length; q++) {
                    int s = (o * len + idx[q]) * inner;
                    for (int i = 0; i < inner; i++) {
                        dst[d + i] = q == 0 ? w[0] * src[s + i] : dst[d + i] + w[q] * src[s + i];
                    }
                }
            }
        }
        return dst;
    }

    private Taps taps(int axis, int inLen) {
        int outLen = outDims[axis];
        int[][] index = new int[outLen][];
        double[][] weight = new double[outLen][];
        boolean[] outside = new boolean[outLen];
        for (int j = 0; j < outLen; j++) {
            float x = originalCoordinate(axis, j, inLen);
            if (coordinateMode.equals("tf_crop_and_resize") && (x < 0 || x > inLen - 1)) {
                outside[j] = true;
                continue;
            }
            switch (mode) {
                case "nearest" -> {
                    index[j] = new int[] {clamp(nearest(x, scales[axis]), inLen)};
                    weight[j] = new double[] {1};
                }
                case "linear" -> linear(Math.max(0, Math.min(inLen - 1, x)), inLen, j, index, weight);
                default -> cubic(x, inLen, j, index, weight);
            }
        }
        return new Taps(index, weight, outside);
    }

    private float originalCoordinate(int axis, int j, int inLen) {
        float scale = scales[axis];
        int outLen = outDims[axis];
        return switch (coordinateMode) {
            case "half_pixel" -> (j + 0.5f) / scale - 0.5f;
            case "half_pixel_symmetric" -> {
                float adjustment = outLen / (scale * inLen);
                float offset = inLen / 2f * (1 - adjustment);
                yield offset + (j + 0.5f) / scale - 0.5f;
            }
            case "pytorch_half_pixel" -> outLen > 1 ? (j + 0.5f) / scale - 0.5f : 0f;
            case "align_corners" -> outLen == 1 ? 0f : j * (inLen - 1f) / (outLen - 1f);
            case "asymmetric" -> j / scale;
            case "tf_half_pixel_for_nn" -> (j + 0.5f) / scale;
            default -> {
                float start = roi[axis];
                float end = roi[axis + outDims.length];
                yield outLen > 1 ? start * (inLen - 1) + j * (end - start) * (inLen - 1) / (outLen - 1)
                    : 0.5f * (start + end) * (inLen - 1);
            }
        };
    }

    private long nearest(float x, float scale) {
        double f = Math.floor(x);
        if (f == x) {
            return (long) f;
        }
        return switch (nearestMode) {
            case "round_prefer_floor" -> (long) (x - f <= 0.5f ? f : f + 1);
            case "round_prefer_ceil" -> (long) (x - f < 0.5f ? f : f + 1);
            case "floor" -> (long) f;
            case "ceil" -> (long) f + 1;
            default -> scale < 1 ? (long) f + 1 : (long) x;
        };
    }

    private static int clamp(long i, int len) {
        return (int) Math.max(0, Math.min(len - 1, i));
    }

    /** Neighbours left and right of x; an integral x is its own right neighbour with ratio 1 (as the reference). */
    private static void linear(float x, int inLen, int j, int[][] index, double[][] weight) {
        long base = (long) Math.floor(x);
        float ratio = x - base;
        if (ratio == 0) {
            base -= 1;
            ratio = 1;
        }
        index[j] = new int[] {clamp(base, inLen), clamp(base + 1, inLen)};
        weight[j] = new double[] {1 - ratio, ratio};
    }

    /** Four neighbours with Keys' cubic coefficients; exclude_outside drops those beyond the input and renormalises. */
    private void cubic(float x, int inLen, int j, int[][] index, double[][] weight) {
        long base = (long) Math.floor(x);
        double r = x - base;
        if (r == 0) {
            base -= 1;
            r = 1;
        }
        double[] w = {keys(r + 1), keys(r), keys(1 - r), keys(2 - r)};
        int[] idx = new int[4];
        double sum = 0;
        for (int q = 0; q < 4; q++) {
            long i = base - 1 + q;
            if (excludeOutside && (i < 0 || i >= inLen)) {
                w[q] = 0;
            }
            sum += w[q];
            idx[q] = clamp(i, inLen);
        }
        if (excludeOutside) {
            for (int q = 0; q < 4; q++) {
                w[q] /= sum;
            }
        }
        index[j] = idx;
        weight[j] = w;
    }

    /** Keys' cubic convolution kernel with parameter a, for a distance t in [0, 2]. */
    private double keys(double t) {
        double a = cubicA;
        return t <= 1 ? ((a + 2) * t - (a + 3)) * t * t + 1 : ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
    }
}
