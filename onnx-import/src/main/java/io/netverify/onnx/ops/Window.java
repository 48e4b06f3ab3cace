package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Geometry of a strided, dilated, padded N-d sliding window as Conv, ConvTranspose and the pools use
 * it: input and output extents per spatial axis and, for every kernel tap and output position, the
 * input position read (the "taps" table that the kernels loop over).
 */
public final class Window {
    private final int[] in;
    private final int[] out;
    private final int[] kernel;
    private final int[] strides;
    private final int[] dilations;
    private final int[] padBegin;
    private final int[] padEnd;

    Window(int[] in, int[] out, int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd) {
        this.in = in.clone();
        this.out = out.clone();
        this.kernel = kernel.clone();
        this.strides = strides.clone();
        this.dilations = dilations.clone();
        this.padBegin = padBegin.clone();
        this.padEnd = padEnd.clone();
    }

    /**
     * The window of a Conv or pool node over spatial extents {@code in}: attributes strides,
     * dilations, pads and auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER); {@code ceilMode} rounds the
     * output size up, dropping a last window that would start inside the end padding (as PyTorch
     * and the current ONNX text do).
     */
    public static Window of(Attributes a, int[] in, int[] kernel, boolean ceilMode) {
        int n = in.length;
        int[] strides = spatialInts(a, "strides", n, 1);
        int[] dilations = spatialInts(a, "dilations", n, 1);
        for (int i = 0; i < n; i++) {
            if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1) {
                throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernel) + ", strides "
                    + Arrays.toString(strides) + " and dilations " + Arrays.toString(dilations) + " must be positive");
            }
        }
        int[] pads = spatialInts(a, "pads", 2 * n, 0);
        int[] begin = Arrays.copyOfRange(pads, 0, n);
        int[] end = Arrays.copyOfRange(pads, n, 2 * n);
        int[] out = new int[n];
        String autoPad = autoPad(a);
        for (int i = 0; i < n; i++) {
            int extent = (kernel[i] - 1) * dilations[i] + 1;
            switch (autoPad) {
                case "NOTSET" -> {
                    if (begin[i] < 0 || end[i] < 0) {
                        throw new IllegalArgumentException("negative pads " + Arrays.toString(pads));
                    }
                    out[i] = outputSize(in[i] + begin[i] + end[i] - extent, strides[i], ceilMode, in[i] + begin[i]);
                }
                case "VALID" -> {
                    begin[i] = 0;
                    end[i] = 0;
                    out[i] = outputSize(in[i] - extent, strides[i], ceilMode, in[i]);
                }
                default -> {
                    out[i] = (in[i] + strides[i] - 1) / strides[i];
                    int total = Math.max(0, (out[i] - 1) * strides[i] + extent - in[i]);
                    begin[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    end[i] = total - begin[i];
                }
            }
            if (out[i] < 1) {
                throw new IllegalArgumentException("window of extent " + extent + " does not fit spatial input "
                    + Arrays.toString(in) + " with pads " + Arrays.toString(pads));
            }
        }
        return new Window(in, out, kernel, strides, dilations, begin, end);
    }

    /**
     * The window of a MaxPool/AveragePool node over input {@code x} [N, C, D...]: kernel_shape is
     * required, ceil_mode honoured.
     */
    static Window ofPool(Attributes a, Shape x) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException("pooling needs an input of rank >= 3, got " + x);
        }
        int n = x.rank() - 2;
        if (!a.has("kernel_shape")) {
            throw new IllegalArgumentException("missing attribute kernel_shape");
        }
        int[] kernel = spatialInts(a, "kernel_shape", n, 1);
        int[] in = Arrays.copyOfRange(x.dims(), 2, x.rank());
        return of(a, in, kernel, a.getInt("ceil_mode", 0) != 0);
    }

    /** The shape [batch, channels, spatial...]. */
    static Shape batchChannelShape(int batch, int channels, int[] spatial) {
        int[] dims = new int[spatial.length + 2];
        dims[0] = batch;
        dims[1] = channels;
        System.arraycopy(spatial, 0, dims, 2, spatial.length);
        return Shape.of(dims);
    }

    /** The auto_pad attribute, validated. */
    static String autoPad(Attributes a) {
        String p = a.getString("auto_pad", "NOTSET");
        if (!p.equals("NOTSET") && !p.equals("VALID") && !p.equals("SAME_UPPER") && !p.equals("SAME_LOWER")) {
            throw new IllegalArgumentException("unknown auto_pad '" + p + "'");
        }
        return p;
    }

    /** An int-list attribute with one entry per spatial axis (or pads: two), or the default everywhere. */
    public static int[] spatialInts(Attributes a, String name, int count, int defaultValue) {
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
            r[i] = intValue(v[i], name);
        }
        return r;
    }

    /** An int attribute value; IllegalArgumentException (not ArithmeticException) when out of range. */
    static int intValue(long v, String what) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " value " + v + " out of range");
        }
        return (int) v;
    }

    /** Windows along one axis: {@code span} = padded input minus the window extent. */
    private static int outputSize(int span, int stride, boolean ceilMode, int paddedStartLimit) {
        if (span < 0) {
            return 0;
        }
        if (!ceilMode) {
            return span / stride + 1;
        }
        int n = (span + stride - 1) / stride + 1;
        return (n - 1) * stride >= paddedStartLimit ? n - 1 : n;
    }

    int[] in() {
        return in.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public int[] dilations() {
        return dilations.clone();
    }

    /** The padding applied before each spatial axis (auto_pad resolved). */
    public int[] padBegin() {
        return padBegin.clone();
    }

    public int[] padEnd() {
        return padEnd.clone();
    }

    int[] out() {
        return out.clone();
    }

    int inSize() {
        return Shape.of(in).size();
    }

    int outSize() {
        return Shape.of(out).size();
    }

    int kernelSize() {
        return Shape.of(kernel).size();
    }

    /**
     * Tap tables by geometry: a Conv node is evaluated many times (alpha-CROWN's gradients, attacks)
     * and building the table costs about as much as a small convolution. Few geometries occur per
     * network; the bound only guards against unbounded growth.
     */
    private static final Map<Geometry, int[]> TAPS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 256;

    /** The fields that determine the tap table, with value equality. */
    private record Geometry(int[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Geometry g && Arrays.equals(key, g.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }
    }

    /**
     * {@code taps[k * outSize() + o]}: the flat (row-major, spatial) input index read by kernel tap
     * {@code k} at output position {@code o}, or -1 where it falls into the padding. Shared between
     * calls: callers must not write into it.
     */
    int[] taps() {
        int n = in.length;
        int[] key = new int[6 * n];
        for (int a = 0; a < n; a++) {
            key[a] = in[a];
            key[n + a] = out[a];
            key[2 * n + a] = kernel[a];
            key[3 * n + a] = strides[a];
            key[4 * n + a] = dilations[a];
            key[5 * n + a] = padBegin[a];
        }
        Geometry g = new Geometry(key);
        int[] taps = TAPS.get(g);
        if (taps == null) {
            if (TAPS.size() >= MAX_CACHED) {
                TAPS.clear();
            }
            taps = buildTaps();
            TAPS.putIfAbsent(g, taps);
        }
        return taps;
    }

    private int[] buildTaps() {
        int n = in.length;
        int outSize = outSize();
        int kernelSize = kernelSize();
        int[] inStrides = Shape.of(in).strides();
        int[] taps = new int[kernelSize * outSize];
        int[] k = new int[n];
        int[] o = new int[n];
        for (int kf = 0; kf < kernelSize; kf++) {
            unflatten(kf, kernel, k);
            for (int of = 0; of < outSize; of++) {
                unflatten(of, out, o);
                int flat = 0;
                for (int a = 0; a < n && flat >= 0; a++) {
                    int pos = o[a] * strides[a] - padBegin[a] + k[a] * dilations[a];
                    flat = pos < 0 || pos >= in[a] ? -1 : flat + pos * inStrides[a];
                }
                taps[kf * outSize + of] = flat;
            }
        }
        return taps;
    }

    /**
     * Per output position, the flat spatial input indices its taps read inside the input (padding
     * left out), in tap order: the cells a pool's window covers.
     */
    int[][] cells() {
        int[] taps = taps();
        int outSize = outSize();
        int[] count = new int[outSize];
        for (int i = 0; i < taps.length; i++) {
            if (taps[i] >= 0) {
                count[i % outSize]++;
            }
        }
        int[][] cells = new int[outSize][];
        for (int p = 0; p < outSize; p++) {
            cells[p] = new int[count[p]];
        }
        int[] filled = new int[outSize];
        for (int i = 0; i < taps.length; i++) {
            if (taps[i] >= 0) {
                int p = i % outSize;
                cells[p][filled[p]++] = taps[i];
            }
        }
        return cells;
    }

    /** Per output position, how many taps lie inside the padded input (average pooling's divisor with count_include_pad). */
    int[] tapsWithinPadding() {
        int n = in.length;
        int[][] perAxis = new int[n][];
        for (int a = 0; a < n; a++) {
            perAxis[a] = new int[out[a]];
            for (int o = 0; o < out[a]; o++) {
                for (int k = 0; k < kernel[a]; k++) {
                    int pos = o * strides[a] - padBegin[a] + k * dilations[a];
                    if (pos >= -padBegin[a] && pos < in[a] + padEnd[a]) {
                        perAxis[a][o]++;
                    }
                }
            }
        }
        int[] counts = new int[outSize()];
        int[] o = new int[n];
        for (int of = 0; of < counts.length; of++) {
            unflatten(of, out, o);
            int c = 1;
            for (int a = 0; a < n; a++) {
                c *= perAxis[a][o[a]];
            }
            counts[of] = c;
        }
        return counts;
    }

    private static void unflatten(int flat, int[] dims, int[] idx) {
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
    }
}
