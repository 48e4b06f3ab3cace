package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;

import java.util.Arrays;

/**
 * Sliding-window geometry per spatial axis, as ONNX Conv, ConvTranspose and the pools define it:
 * kernel, strides, dilations and the padding actually applied at the begin and end of each axis
 * (auto_pad and ConvTranspose's output_shape resolved). Input position {@code o * stride - begin +
 * k * dilation} is read by kernel tap k at output position o (for ConvTranspose: output position
 * written by tap k of input position o). The spatial sizes come from the graph's shapes.
 */
record WindowGeometry(int[] kernel, int[] strides, int[] dilations, int[] begin, int[] end) {
    /** Conv and pooling over spatial input {@code in} giving {@code out}. */
    static WindowGeometry forward(Attributes a, int[] in, int[] kernel, int[] out) {
        int n = in.length;
        int[] strides = ints(a, "strides", n, 1);
        int[] dilations = ints(a, "dilations", n, 1);
        int[] pads = ints(a, "pads", 2 * n, 0);
        int[] begin = Arrays.copyOfRange(pads, 0, n);
        int[] end = Arrays.copyOfRange(pads, n, 2 * n);
        String autoPad = a.getString("auto_pad", "NOTSET");
        for (int i = 0; i < n; i++) {
            if (autoPad.equals("VALID")) {
                begin[i] = 0;
                end[i] = 0;
            } else if (autoPad.startsWith("SAME")) {
                int extent = (kernel[i] - 1) * dilations[i] + 1;
                int total = Math.max(0, (out[i] - 1) * strides[i] + extent - in[i]);
                begin[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                end[i] = total - begin[i];
            }
        }
        return new WindowGeometry(kernel, strides, dilations, begin, end);
    }

    /** ConvTranspose from spatial input {@code in} to {@code out}; the end padding is whatever gives {@code out}. */
    static WindowGeometry transposed(Attributes a, int[] in, int[] kernel, int[] out) {
        int n = in.length;
        int[] strides = ints(a, "strides", n, 1);
        int[] dilations = ints(a, "dilations", n, 1);
        int[] outputPadding = ints(a, "output_padding", n, 0);
        int[] begin = Arrays.copyOf(ints(a, "pads", 2 * n, 0), n);
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

    private static int[] ints(Attributes a, String name, int count, int defaultValue) {
        long[] v = a.getInts(name, null);
        int[] r = new int[count];
        if (v == null || v.length == 0) {
            Arrays.fill(r, defaultValue);
            return r;
        }
        if (v.length != count) {
            throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " needs " + count + " values");
        }
        for (int i = 0; i < count; i++) {
            r[i] = Math.toIntExact(v[i]);
        }
        return r;
    }
}
