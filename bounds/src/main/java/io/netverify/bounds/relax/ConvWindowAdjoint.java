package io.netverify.bounds.relax;

import java.util.Arrays;

/**
 * Conv's backward rule on coefficient rows that are zero outside a window (auto_LiRPA's "patches"):
 * a row of an intermediate pass is non-zero only on the receptive field of its neuron, so for each
 * row this finds the smallest spatial box holding all its non-zero coefficients (over all
 * channels) and computes {@code a K} from that box only. Per row and group: columns
 * {@code col[(c, t)][p] = sum_m W[m, c, t] a[m, p]} over the box positions p (a product HotSpot
 * vectorises, p being the only index), then each column entry is added to the input position tap t
 * of p reads. Entries outside the box are exact zeros, so the result is the dense adjoint's up to
 * the order of the sums. Spatial ranks 1 to 3 (padded to 3 with unit axes).
 */
final class ConvWindowAdjoint {
    static final int MAX_RANK = 3;
    private final int filters;
    private final int channels;
    private final int groups;
    /** Per axis (depth, height, width): output and input sizes, kernel, stride, dilation, begin pad. */
    private final int[] out = new int[3];
    private final int[] in = new int[3];
    private final int[] kernel = new int[3];
    private final int[] stride = new int[3];
    private final int[] dilation = new int[3];
    private final int[] begin = new int[3];
    private final int taps;
    private final int outPlane;
    private final int inPlane;
    /** W as {@code [m][c * taps + t]} (the group's input channel c). */
    private final double[][] weights;
    /** Per thread; a Scratch holds no reference back, so a thread's entry goes when this adjoint does. */
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param w Conv's weights {@code [filters, channels / groups, kernel...]}, flat
     */
    ConvWindowAdjoint(int filters, int channels, int groups, int[] outSpatial, int[] inSpatial, WindowGeometry g, double[] w) {
        int pad = MAX_RANK - outSpatial.length;
        Arrays.fill(out, 1);
        Arrays.fill(in, 1);
        Arrays.fill(kernel, 1);
        Arrays.fill(stride, 1);
        Arrays.fill(dilation, 1);
        for (int a = 0; a < outSpatial.length; a++) {
            out[pad + a] = outSpatial[a];
            in[pad + a] = inSpatial[a];
            kernel[pad + a] = g.kernel()[a];
            stride[pad + a] = g.strides()[a];
            dilation[pad + a] = g.dilations()[a];
            begin[pad + a] = g.begin()[a];
        }
        this.filters = filters;
        this.channels = channels;
        this.groups = groups;
        this.taps = kernel[0] * kernel[1] * kernel[2];
        this.outPlane = out[0] * out[1] * out[2];
        this.inPlane = in[0] * in[1] * in[2];
        int perRow = channels / groups * taps;
        this.weights = new double[filters][];
        for (int m = 0; m < filters; m++) {
            weights[m] = Arrays.copyOfRange(w, m * perRow, (m + 1) * perRow);
        }
        int plane = outPlane;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(filters, perRow, plane));
    }

    /**
     * Scratch for one thread: the box's copy of the coefficients and the columns, grown to the
     * largest box met (intermediate passes mostly meet small ones).
     */
    static final class Scratch {
        private final double[][] box;
        private final double[][] columns;
        private final boolean[] nonZero;
        private final int largest;

        private Scratch(int filters, int columns, int largest) {
            this.box = new double[filters][0];
            this.columns = new double[columns][0];
            this.nonZero = new boolean[filters];
            this.largest = largest;
        }

        private void ensure(int size) {
            if (box[0].length < size) {
                int capacity = Math.min(largest, Math.max(size, 2 * box[0].length));
                for (int m = 0; m < box.length; m++) {
                    box[m] = new double[capacity];
                }
                for (int r = 0; r < columns.length; r++) {
                    columns[r] = new double[capacity];
                }
            }
        }
    }

    /** This thread's scratch (kept per thread and node: the passes of one bound computation call this node many times). */
    Scratch scratch() {
        return scratch.get();
    }

    /**
     * Adds {@code a K} of one unit (a row's coefficients on one batch element, {@code filters x
     * outPlane} at {@code aBase}) into {@code acc} at {@code accBase} ({@code channels x inPlane});
     * returns {@code sum_m b[m] sum_p a[m, p]} (the bias term; 0 when b is null).
     */
    double add(double[] a, int aBase, double[] acc, int accBase, double[] b, Scratch s) {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        double biasTerm = 0;
        for (int m = 0; m < filters; m++) {
            int base = aBase + m * outPlane;
            boolean any = false;
            double sum = 0;
            int width = out[2];
            int line = base;
            // Per line: skip the zeros at both ends, then sum between them. Adding the zeros
            // inside changes no bit: a sum that starts at +0 never becomes -0.
            for (int z = 0; z < out[0]; z++) {
                for (int y = 0; y < out[1]; y++, line += width) {
                    int first = 0;
                    while (first < width && a[line + first] == 0) {
                        first++;
                    }
                    if (first < width) {
                        int last = width - 1;
                        while (a[line + last] == 0) {
                            last--;
                        }
                        for (int x = first; x <= last; x++) {
                            sum += a[line + x];
                        }
                        any = true;
                        lo[0] = Math.min(lo[0], z);
                        hi[0] = Math.max(hi[0], z);
                        lo[1] = Math.min(lo[1], y);
                        hi[1] = Math.max(hi[1], y);
                        lo[2] = Math.min(lo[2], first);
                        hi[2] = Math.max(hi[2], last);
                    }
                }
            }
            s.nonZero[m] = any;
            biasTerm += b == null ? 0 : sum * b[m];
        }
        if (hi[0] < 0) {
            return 0;
        }
        int wz = hi[0] - lo[0] + 1;
        int wy = hi[1] - lo[1] + 1;
        int wx = hi[2] - lo[2] + 1;
        int size = wz * wy * wx;
        s.ensure(size);
        for (int m = 0; m < filters; m++) {
            if (s.nonZero[m]) {
                gather(a, aBase + m * outPlane, lo, wz, wy, wx, s.box[m]);
            }
        }
        int perGroup = filters / groups;
        int cPerGroup = channels / groups;
        for (int g = 0; g < groups; g++) {
            for (int r = 0; r < s.columns.length; r++) {
                Arrays.fill(s.columns[r], 0, size, 0);
            }
            boolean any = false;
            for (int m = g * perGroup; m < (g + 1) * perGroup; m++) {
                if (!s.nonZero[m]) {
                    continue;
                }
                any = true;
                double[] row = s.box[m];
                double[] wm = weights[m];
                for (int r = 0; r < s.columns.length; r++) {
                    double wr = wm[r];
                    double[] column = s.columns[r];
                    for (int p = 0; p < size; p++) {
                        column[p] += wr * row[p];
                    }
                }
            }
            if (any) {
                for (int t = 0; t < taps; t++) {
                    scatter(s.columns, g * cPerGroup, cPerGroup, t, lo, wz, wy, wx, acc, accBase);
                }
            }
        }
        return biasTerm;
    }

    /** Copies the box {@code lo + [0, wz) x [0, wy) x [0, wx)} of one channel plane into {@code to}, row-major. */
    private void gather(double[] a, int base, int[] lo, int wz, int wy, int wx, double[] to) {
        int k = 0;
        for (int z = 0; z < wz; z++) {
            for (int y = 0; y < wy; y++) {
                System.arraycopy(a, base + ((lo[0] + z) * out[1] + lo[1] + y) * out[2] + lo[2], to, k, wx);
                k += wx;
            }
        }
    }

    /**
     * For the group's channels c (from {@code first}, {@code count} of them): adds column (c, t)'s
     * entry at each box position to the input position tap t reads there, where that lies inside
     * the input (outside is zero padding).
     */
    private void scatter(double[][] columns, int first, int count, int t, int[] lo, int wz, int wy, int wx, double[] acc,
                         int accBase) {
        int[] tap = {t / (kernel[1] * kernel[2]), t / kernel[2] % kernel[1], t % kernel[2]};
        int[] from = new int[3];
        int[] to = new int[3];
        int[] offset = new int[3];
        int[] size = {wz, wy, wx};
        for (int a = 0; a < 3; a++) {
            // box positions q whose input position (lo + q) stride + offset lies in [0, in)
            offset[a] = tap[a] * dilation[a] - begin[a] + lo[a] * stride[a];
            from[a] = Math.max(0, ceilDiv(-offset[a], stride[a]));
            to[a] = Math.min(size[a], Math.floorDiv(in[a] - 1 - offset[a], stride[a]) + 1);
            if (from[a] >= to[a]) {
                return;
            }
        }
        int sx = stride[2];
        for (int c = first; c < first + count; c++) {
            double[] column = columns[(c - first) * taps + t];
            int plane = accBase + c * inPlane;
            for (int z = from[0]; z < to[0]; z++) {
                int iz = z * stride[0] + offset[0];
                for (int y = from[1]; y < to[1]; y++) {
                    int k = (z * wy + y) * wx;
                    int row = plane + (iz * in[1] + y * stride[1] + offset[1]) * in[2] + offset[2];
                    if (sx == 1) {
                        for (int x = from[2]; x < to[2]; x++) {
                            acc[row + x] += column[k + x];
                        }
                    } else {
                        for (int x = from[2]; x < to[2]; x++) {
                            acc[row + x * sx] += column[k + x];
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
