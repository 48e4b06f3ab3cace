package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.ops.Window;

import java.util.Arrays;

/**
 * Sliding-window geometry per spatial axis, as ONNX Conv, ConvTranspose and the pools define it:
 * kernel, strides, dilations and the padding actually applied at the begin and end of each axis
 * (auto_pad and ConvTranspose's output_shape resolved; forward windows come from the evaluator's
 * {@link Window}). Input position {@code o * stride - begin +
 * k * dilation} is read by kernel tap k at output position o (for ConvTranspose: output position
 * written by tap k of input position o). The spatial sizes come from the graph's shapes.
 */
record WindowGeometry(int[] kernel, int[] strides, int[] dilations, int[] begin, int[] end) {
    /** Conv and pooling over spatial input {@code in}: the evaluator's own window. */
    static WindowGeometry forward(Attributes a, int[] in, int[] kernel) {
        Window w = Window.of(a, in, kernel, a.getInt("ceil_mode", 0) != 0);
        return new WindowGeometry(kernel, w.strides(), w.dilations(), w.padBegin(), w.padEnd());
    }

    /** ConvTranspose from spatial input {@code in} to {@code out}; the end padding is whatever gives {@code out}. */
    static WindowGeometry transposed(Attributes a, int[] in, int[] kernel, int[] out) {
        int n = in.length;
        int[] strides = Window.spatialInts(a, "strides", n, 1);
        int[] dilations = Window.spatialInts(a, "dilations", n, 1);
        int[] outputPadding = Window.spatialInts(a, "output_padding", n, 0);
        int[] begin = Arrays.copyOf(Window.spatialInts(a, "pads", 2 * n, 0), n);
        int[] end = new int[n];
        String autoPad = a.getString("auto_pad", "NOTSET");
        long[] requested = a.getInts("output_shape", null);
        boolean derived = (requested != null && requested.length > 0) || autoPad.startsWith("SAME");
        for (int i = 0; i < n; i++) {
            int full = strides[i] * (in[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
            if (derived) {
                int total = full - out[i];
                begin[i] = total < 0 ? 0 : autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
            } else if (autoPad.equals("VALID")) {
                begin[i] = 0;
            }
            end[i] = full - begin[i] - out[i];
        }
        return new WindowGeometry(kernel, strides, dilations, begin, end);
    }

    int extent(int axis) {
        return (kernel[axis] - 1) * dilations[axis] + 1;
    }

    static long[] longs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }
}
