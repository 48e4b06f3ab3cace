package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * ONNX Resize. Opset 10 has inputs (X, scales) and behaves like Upsample (asymmetric coordinates,
 * legacy nearest rule); opset 11+ has (X, roi, scales, sizes) with exactly one of scales/sizes
 * given (an empty tensor counts as absent), the attributes coordinate_transformation_mode,
 * nearest_mode, cubic_coeff_a, exclude_outside, extrapolation_value and, from opset 18, axes and
 * keep_aspect_ratio_policy. Modes nearest, linear and cubic; antialias only where it has no
 * effect (no downscaling). With scales the output size is floor(in * scale) as ONNX shape
 * inference and onnxruntime compute it (roi does not change it).
 */
public final class Resize extends Interpolating {
    @Override
    protected Interpolation plan(Node node, Shape x, IntFunction<Tensor> input) {
        Attributes a = node.attributes();
        String mode = a.getString("mode", "nearest");
        int r = x.rank();
        if (node.inputs().size() == 2) {
            float[] scales = floats(input.apply(1), "scales");
            return Upsample.legacy(mode, x, scales);
        }
        int[] axes = axes(a, x);
        float[] given = floatsOrNull(input.apply(2));
        long[] sizes = StaticInputs.longsOrNull(input, 3);
        if ((given == null) == (sizes == null)) {
            throw new IllegalArgumentException("exactly one of scales and sizes must be given");
        }
        float[] scales = new float[r];
        int[] out = x.dims();
        Arrays.fill(scales, 1f);
        if (given != null) {
            checkLength(given.length, axes, "scales");
            for (int i = 0; i < axes.length; i++) {
                if (!(given[i] > 0)) {
                    throw new IllegalArgumentException("scales must be positive, got " + Arrays.toString(given));
                }
                scales[axes[i]] = given[i];
                out[axes[i]] = Interpolation.scaledSize(x.dim(axes[i]), given[i]);
            }
        } else {
            checkLength(sizes.length, axes, "sizes");
            sized(a.getString("keep_aspect_ratio_policy", "stretch"), x, axes, sizes, scales, out);
        }
        String coordinateMode = a.getString("coordinate_transformation_mode", "half_pixel");
        if (a.getInt("antialias", 0) != 0 && !mode.equals("nearest")) {
            for (float s : scales) {
                if (s < 1) {
                    throw new IllegalArgumentException("antialias when downscaling is not supported");
                }
            }
        }
        float[] roi = coordinateMode.equals("tf_crop_and_resize") ? roi(input.apply(1), axes, r) : null;
        return new Interpolation(mode, coordinateMode, a.getString("nearest_mode", "round_prefer_floor"),
            a.getFloat("cubic_coeff_a", -0.75), a.getInt("exclude_outside", 0) != 0,
            a.getFloat("extrapolation_value", 0), scales, out, roi);
    }

    /** Output sizes from 'sizes', with one common scale over the axes unless the policy is stretch. */
    private static void sized(String policy, Shape x, int[] axes, long[] sizes, float[] scales, int[] out) {
        if (!List.of("stretch", "not_larger", "not_smaller").contains(policy)) {
            throw new IllegalArgumentException("unknown keep_aspect_ratio_policy '" + policy + "'");
        }
        float common = policy.equals("not_larger") ? Float.MAX_VALUE : 0f;
        for (int i = 0; i < axes.length; i++) {
            if (sizes[i] < 0 || sizes[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid sizes " + Arrays.toString(sizes));
            }
            int in = x.dim(axes[i]);
            out[axes[i]] = (int) sizes[i];
            scales[axes[i]] = in == 0 ? 1f : (float) sizes[i] / in;
            common = policy.equals("not_larger") ? Math.min(common, scales[axes[i]]) : Math.max(common, scales[axes[i]]);
        }
        if (policy.equals("stretch")) {
            return;
        }
        for (int axis : axes) {
            scales[axis] = common;
            out[axis] = Math.round(common * x.dim(axis));
        }
    }

    private static int[] axes(Attributes a, Shape x) {
        long[] given = a.getInts("axes", null);
        if (given == null) {
            return IndexCopy.identity(x.rank());
        }
        int[] axes = new int[given.length];
        for (int i = 0; i < given.length; i++) {
            axes[i] = x.axis(given[i]);
            for (int k = 0; k < i; k++) {
                if (axes[k] == axes[i]) {
                    throw new IllegalArgumentException("axis " + given[i] + " repeated in axes");
                }
            }
        }
        return axes;
    }

    private static void checkLength(int n, int[] axes, String what) {
        if (n != axes.length) {
            throw new IllegalArgumentException(what + " has " + n + " values for " + axes.length + " axes");
        }
    }

    /** The roi input per data axis: starts then ends, 0 and 1 on axes not listed. */
    private static float[] roi(Tensor t, int[] axes, int rank) {
        float[] given = floatsOrNull(t);
        if (given == null || given.length != 2 * axes.length) {
            throw new IllegalArgumentException("tf_crop_and_resize needs roi with " + 2 * axes.length + " values");
        }
        float[] roi = new float[2 * rank];
        Arrays.fill(roi, rank, 2 * rank, 1f);
        for (int i = 0; i < axes.length; i++) {
            roi[axes[i]] = given[i];
            roi[axes[i] + rank] = given[i + axes.length];
        }
        return roi;
    }

    static float[] floats(Tensor t, String what) {
        float[] v = floatsOrNull(t);
        if (v == null) {
            throw new IllegalArgumentException("missing " + what);
        }
        return v;
    }

    private static float[] floatsOrNull(Tensor t) {
        if (t == null || t.size() == 0) {
            return null;
        }
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) t.get(i);
        }
        return v;
    }
}
