package io.netverify.bounds.relax;

import java.util.Arrays;

/**
 * Conv's backward rule on coefficient rows that are zero outside a window (auto_LiRPA's "patches"):
 * a row of an intermediate pass is non-zero only on the receptive field of its neuron, so for each
 * row this finds the smallest spatial box holding all its non-zero coefficients (over all
 * channels) and computes {@code a K} from that box only.
 *
 * <p>Stride phases: tap t of box position q reads input position {@code (lo + q) s - begin + t d}
 * per axis; with {@code t d = s u + r} (0 <= r < s) that is phase r's position {@code q + u} of the
 * input box. So each row's box is copied into a buffer padded by the largest u per axis, and each
 * tap adds {@code W[m, c, t] a[m]} to its phase buffer at the constant offset of its u: one
 * contiguous multiply-add over the whole box per (channel, tap, four filters), no per-tap
 * scatter. The boxes are copied to the tap's offset first (once per tap, for all channels), so
 * that the loop reads and writes at one index, which HotSpot vectorises. The phase buffers are
 * added to the input positions at the end (those outside the input are zero padding and dropped).
 * Positions outside the box are exact zeros, so the result is the dense adjoint's up to the order
 * of the sums. Spatial ranks 1 to 3 (padded to 3 with unit axes).
 */
final class ConvWindowAdjoint {
    static final int MAX_RANK = 3;
    /** Filters per block of the multiply-add (one load and store of the target per four products). */
    private static final int BLOCK = 4;
    private final int filters;
    private final int channels;
    private final int groups;
    /** Per axis (depth, height, width): output and input sizes, stride, begin pad. */
    private final int[] out = new int[3];
    private final int[] in = new int[3];
    private final int[] stride = new int[3];
    private final int[] begin = new int[3];
    /** Per axis: the largest tap shift {@code floor((kernel - 1) dilation / stride)}. */
    private final int[] reach = new int[3];
    /**
     * Per axis: the input positions an output position's receptive field spans past its first,
     * {@code (kernel - 1) dilation}; with non-finite weights, all the phase buffers cover (a zero
     * coefficient times an infinite weight is NaN, not zero).
     */
    private final int[] extent = new int[3];
    private final int taps;
    private final int outPlane;
    private final int inPlane;
    /** Stride phases (product of the strides); a phase's index is {@code (r0 s1 + r1) s2 + r2}. */
    private final int phases;
    /** Per tap: its stride phase and its shift {@code u} per axis ({@code t d = s u + r}). */
    private final int[] tapPhase;
    private final int[][] tapShift;
    /** Per tap: its input offset {@code t d} per axis. */
    private final int[][] tapOffset;
    /** Phases some tap reads (a 1x1 kernel with stride 2 reads one of four). */
    private final boolean[] phaseUsed;
    /** W as {@code [m][c * taps + t]} (the group's input channel c). */
    private final double[][] weights;
    /** Per thread; a Scratch holds no reference back, so a thread's entry goes when this adjoint does. */
    private final ThreadLocal<Scratch> scratch;

    /**
     * @param w Conv's weights {@code [filters, channels / groups, kernel...]}, flat
     */
    ConvWindowAdjoint(int filters, int channels, int groups, int[] outSpatial, int[] inSpatial, WindowGeometry g, double[] w) {
        int pad = MAX_RANK - outSpatial.length;
        int[] kernel = {1, 1, 1};
        int[] dilation = {1, 1, 1};
        Arrays.fill(out, 1);
        Arrays.fill(in, 1);
        Arrays.fill(stride, 1);
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
        this.phases = stride[0] * stride[1] * stride[2];
        this.tapPhase = new int[taps];
        this.tapShift = new int[taps][3];
        this.tapOffset = new int[taps][3];
        this.phaseUsed = new boolean[phases];
        for (int t = 0; t < taps; t++) {
            int[] tap = {t / (kernel[1] * kernel[2]), t / kernel[2] % kernel[1], t % kernel[2]};
            int phase = 0;
            for (int a = 0; a < 3; a++) {
                int offset = tap[a] * dilation[a];
                tapShift[t][a] = offset / stride[a];
                tapOffset[t][a] = offset;
                phase = phase * stride[a] + offset % stride[a];
            }
            tapPhase[t] = phase;
            phaseUsed[phase] = true;
        }
        boolean finite = Arrays.stream(w).allMatch(Double::isFinite);
        int largest = 1;
        for (int a = 0; a < 3; a++) {
            reach[a] = (kernel[a] - 1) * dilation[a] / stride[a];
            extent[a] = finite ? (kernel[a] - 1) * dilation[a] : (reach[a] + 1) * stride[a] - 1;
            largest *= out[a] + reach[a];
        }
        int perRow = channels / groups * taps;
        this.weights = new double[filters][];
        for (int m = 0; m < filters; m++) {
            weights[m] = Arrays.copyOfRange(w, m * perRow, (m + 1) * perRow);
        }
        int buffer = largest;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(filters, channels * phases, buffer));
    }

    /**
     * Scratch for one thread: the padded copies of the box's coefficients (per filter; and at the
     * current tap's offset, per live filter), the phase
     * buffers (per channel and phase), each grown to the largest padded box met (intermediate
     * passes mostly meet small ones), and the lists of non-zero filters.
     */
    static final class Scratch {
        private final double[][] box;
        private final double[][] shifted;
        private final double[][] phase;
        private final boolean[] nonZero;
        private final int[] live;
        /** The live filters' coefficients at a one-position box. */
        private final double[] value;
        private final int largest;
        /** The part of the unit {@link #add} scans for non-zeros (inclusive, per axis); the whole unit unless narrowed. */
        private final int[] scanLo = new int[3];
        private final int[] scanHi = new int[3];
        /** The input box {@link #add} wrote last (inclusive per axis; lo > hi when it wrote nothing). */
        final int[] inLo = new int[3];
        final int[] inHi = new int[3];

        private Scratch(int filters, int phaseBuffers, int largest) {
            this.box = new double[filters][0];
            this.shifted = new double[filters][0];
            this.phase = new double[phaseBuffers][0];
            this.nonZero = new boolean[filters];
            this.live = new int[filters];
            this.value = new double[filters];
            this.largest = largest;
        }

        private void ensure(int size) {
            if (box[0].length < size) {
                int capacity = Math.min(largest, Math.max(size, 2 * box[0].length));
                for (int m = 0; m < box.length; m++) {
                    box[m] = new double[capacity];
                    shifted[m] = new double[capacity];
                }
                for (int r = 0; r < phase.length; r++) {
                    phase[r] = new double[capacity];
                }
            }
        }
    }

    /** This thread's scratch (kept per thread and node: the passes of one bound computation call this node many times). */
    Scratch scratch() {
        Scratch s = scratch.get();
        scanAll(s);
        return s;
    }

    /** The next {@link #add} scans the whole unit. */
    void scanAll(Scratch s) {
        for (int a = 0; a < 3; a++) {
            s.scanLo[a] = 0;
            s.scanHi[a] = out[a] - 1;
        }
    }

    /** The next {@link #add} scans only row {@code row}'s window, outside which its coefficients are zero. */
    void scan(Scratch s, RowWindows w, int row) {
        for (int a = 0; a < 3; a++) {
            s.scanLo[a] = w.lo(row, a);
            s.scanHi[a] = w.hi(row, a);
        }
    }

    /**
     * Adds {@code a K} of one unit (a row's coefficients on one batch element, {@code filters x
     * outPlane} at {@code aBase}) into {@code acc} at {@code accBase} ({@code channels x inPlane});
     * returns {@code sum_m b[m] sum_p a[m, p]} (the bias term; 0 when b is null). Looks for
     * non-zeros only where the scratch's scan box says (see {@link #scan}), and leaves in the
     * scratch the input box it wrote (outside it, acc got nothing but exact zeros).
     */
    double add(double[] a, int aBase, double[] acc, int accBase, double[] b, Scratch s) {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        s.inLo[0] = 0;
        s.inHi[0] = -1;
        double biasTerm = 0;
        int x0 = s.scanLo[2];
        int x1 = s.scanHi[2];
        for (int m = 0; m < filters; m++) {
            int base = aBase + m * outPlane;
            boolean any = false;
            double sum = 0;
            // Per line: skip the zeros at both ends, then sum between them. Adding the zeros
            // inside changes no bit: a sum that starts at +0 never becomes -0.
            for (int z = s.scanLo[0]; z <= s.scanHi[0]; z++) {
                for (int y = s.scanLo[1]; y <= s.scanHi[1]; y++) {
                    int line = base + (z * out[1] + y) * out[2];
                    int first = x0;
                    while (first <= x1 && a[line + first] == 0) {
                        first++;
                    }
                    if (first <= x1) {
                        int last = x1;
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
        for (int ax = 0; ax < 3; ax++) {
            s.inLo[ax] = lo[ax] * stride[ax] - begin[ax];
            s.inHi[ax] = hi[ax] * stride[ax] - begin[ax] + extent[ax];
        }
        if (lo[0] == hi[0] && lo[1] == hi[1] && lo[2] == hi[2]) {
            addPosition(a, aBase, acc, accBase, lo, s);
            return biasTerm;
        }
        // the padded box: D = box + reach per axis; the box's last position + 1 bounds the products
        int[] dims = new int[3];
        for (int ax = 0; ax < 3; ax++) {
            dims[ax] = hi[ax] - lo[ax] + 1 + reach[ax];
        }
        int padded = dims[0] * dims[1] * dims[2];
        int length = ((hi[0] - lo[0]) * dims[1] + hi[1] - lo[1]) * dims[2] + hi[2] - lo[2] + 1;
        s.ensure(padded);
        for (int m = 0; m < filters; m++) {
            if (s.nonZero[m]) {
                gather(a, aBase + m * outPlane, lo, hi, dims, s.box[m], length);
            }
        }
        int[] shift = new int[taps];
        for (int t = 0; t < taps; t++) {
            shift[t] = (tapShift[t][0] * dims[1] + tapShift[t][1]) * dims[2] + tapShift[t][2];
        }
        int perGroup = filters / groups;
        int cPerGroup = channels / groups;
        for (int g = 0; g < groups; g++) {
            int live = 0;
            for (int m = g * perGroup; m < (g + 1) * perGroup; m++) {
                if (s.nonZero[m]) {
                    s.live[live++] = m;
                }
            }
            if (live == 0) {
                continue;
            }
            for (int c = g * cPerGroup; c < (g + 1) * cPerGroup; c++) {
                for (int ph = 0; ph < phases; ph++) {
                    if (phaseUsed[ph]) {
                        Arrays.fill(s.phase[c * phases + ph], 0, padded, 0);
                    }
                }
            }
            for (int t = 0; t < taps; t++) {
                // the live filters' boxes at the tap's shift, so that the products and the target
                // share one index (HotSpot vectorises no loop whose arrays are read at different offsets)
                for (int i = 0; i < live; i++) {
                    System.arraycopy(s.box[s.live[i]], 0, s.shifted[i], shift[t], length);
                }
                for (int c = g * cPerGroup; c < (g + 1) * cPerGroup; c++) {
                    multiplyAdd(s, live, (c - g * cPerGroup) * taps + t, s.phase[c * phases + tapPhase[t]],
                        shift[t], shift[t] + length);
                }
            }
            for (int ph = 0; ph < phases; ph++) {
                boolean pair = stride[2] == 2 && ph % 2 == 0 && phaseUsed[ph] && phaseUsed[ph + 1];
                if (phaseUsed[ph]) {
                    addPhase(s, g * cPerGroup, cPerGroup, ph, pair, lo, dims, acc, accBase);
                }
                ph += pair ? 1 : 0;
            }
        }
        return biasTerm;
    }

    /**
     * {@code target[j] += sum_i W[live_i, column] shifted_i[j]} for j in {@code [from, to)}, four
     * filters per sweep.
     */
    private void multiplyAdd(Scratch s, int live, int column, double[] target, int from, int to) {
        double[][] x = s.shifted;
        int[] m = s.live;
        int i = 0;
        for (; i + BLOCK <= live; i += BLOCK) {
            double w0 = weights[m[i]][column];
            double w1 = weights[m[i + 1]][column];
            double w2 = weights[m[i + 2]][column];
            double w3 = weights[m[i + 3]][column];
            double[] a0 = x[i];
            double[] a1 = x[i + 1];
            double[] a2 = x[i + 2];
            double[] a3 = x[i + 3];
            for (int j = from; j < to; j++) {
                target[j] += w0 * a0[j] + w1 * a1[j] + w2 * a2[j] + w3 * a3[j];
            }
        }
        if (live - i >= 2) {
            double w0 = weights[m[i]][column];
            double w1 = weights[m[i + 1]][column];
            double[] a0 = x[i];
            double[] a1 = x[i + 1];
            for (int j = from; j < to; j++) {
                target[j] += w0 * a0[j] + w1 * a1[j];
            }
            i += 2;
        }
        if (i < live) {
            double w0 = weights[m[i]][column];
            double[] a0 = x[i];
            for (int j = from; j < to; j++) {
                target[j] += w0 * a0[j];
            }
        }
    }

    /**
     * {@link #add}'s products for a box of one position (the first step of an intermediate pass: a
     * unit row), without phase buffers: each (channel, tap) adds {@code sum_m W[m, c, t] a[m]} to
     * the one input position it reads, in {@link #multiplyAdd}'s blocks and order, so the same bits.
     */
    private void addPosition(double[] a, int aBase, double[] acc, int accBase, int[] at, Scratch s) {
        int p = (at[0] * out[1] + at[1]) * out[2] + at[2];
        int perGroup = filters / groups;
        int cPerGroup = channels / groups;
        int[] position = new int[taps];
        for (int t = 0; t < taps; t++) {
            position[t] = -1;
            int index = 0;
            boolean inside = true;
            for (int ax = 0; ax < 3; ax++) {
                int i = at[ax] * stride[ax] - begin[ax] + tapOffset[t][ax];
                inside &= i >= 0 && i < in[ax];
                index = index * in[ax] + i;
            }
            if (inside) {
                position[t] = index;
            }
        }
        double[] value = s.value;
        for (int g = 0; g < groups; g++) {
            int live = 0;
            for (int m = g * perGroup; m < (g + 1) * perGroup; m++) {
                if (s.nonZero[m]) {
                    value[live] = a[aBase + m * outPlane + p];
                    s.live[live++] = m;
                }
            }
            if (live == 0) {
                continue;
            }
            for (int c = g * cPerGroup; c < (g + 1) * cPerGroup; c++) {
                int planeBase = accBase + c * inPlane;
                for (int t = 0; t < taps; t++) {
                    if (position[t] >= 0) {
                        acc[planeBase + position[t]] += dot(live, value, s.live, (c - g * cPerGroup) * taps + t);
                    }
                }
            }
        }
    }

    /** {@code 0 + sum_i W[m_i, column] v_i} in {@link #multiplyAdd}'s blocks (four, two, one), as it sums one position. */
    private double dot(int live, double[] v, int[] m, int column) {
        double sum = 0;
        int i = 0;
        for (; i + BLOCK <= live; i += BLOCK) {
            sum += weights[m[i]][column] * v[i] + weights[m[i + 1]][column] * v[i + 1]
                + weights[m[i + 2]][column] * v[i + 2] + weights[m[i + 3]][column] * v[i + 3];
        }
        if (live - i >= 2) {
            sum += weights[m[i]][column] * v[i] + weights[m[i + 1]][column] * v[i + 1];
            i += 2;
        }
        if (i < live) {
            sum += weights[m[i]][column] * v[i];
        }
        return sum;
    }

    /**
     * Copies the box {@code [lo, hi]} of one channel plane into {@code to} laid out with the padded
     * box's sizes {@code dims}, zeros around it (up to {@code length}, all the products read).
     */
    private void gather(double[] a, int base, int[] lo, int[] hi, int[] dims, double[] to, int length) {
        Arrays.fill(to, 0, length, 0);
        int wx = hi[2] - lo[2] + 1;
        for (int z = 0; z <= hi[0] - lo[0]; z++) {
            for (int y = 0; y <= hi[1] - lo[1]; y++) {
                System.arraycopy(a, base + ((lo[0] + z) * out[1] + lo[1] + y) * out[2] + lo[2], to, (z * dims[1] + y) * dims[2], wx);
            }
        }
    }

    /**
     * Adds phase {@code ph}'s buffers of channels {@code first..first+count-1} to the input
     * positions they stand for: padded box position i is input position {@code lo s - begin + s i +
     * r} per axis; those outside the input (zero padding) are dropped. With {@code pair} (a width
     * stride of 2), phase {@code ph + 1} too, in the same sweep: the two width phases fill the even
     * and the odd input positions of the same lines, so each line is read and written once, with the
     * constant stride that lets HotSpot drop the range checks. Every input position gets one term
     * either way, so the sums are the same bits.
     */
    private void addPhase(Scratch s, int first, int count, int ph, boolean pair, int[] lo, int[] dims, double[] acc,
                          int accBase) {
        int[] from = new int[3];
        int[] to = new int[3];
        int[] offset = new int[3];
        int[] from1 = new int[3];
        int[] to1 = new int[3];
        boolean even = phaseRange(ph, lo, dims, from, to, offset);
        boolean odd = pair && phaseRange(ph + 1, lo, dims, from1, to1, new int[3]);
        if (pair && !(even && odd)) {
            if (odd) {
                addPhase(s, first, count, ph + 1, false, lo, dims, acc, accBase);
            }
            pair = false;
        }
        if (!even) {
            return;
        }
        // the odd phase's input positions are the even phase's plus one; both sweep [both, bothEnd),
        // each its own ends before and after (at most one position)
        int both = Math.max(from[2], from1[2]);
        int bothEnd = Math.max(both, Math.min(to[2], to1[2]));
        for (int c = first; c < first + count; c++) {
            double[] buffer = s.phase[c * phases + ph];
            double[] odds = pair ? s.phase[c * phases + ph + 1] : null;
            int planeBase = accBase + c * inPlane;
            for (int z = from[0]; z < to[0]; z++) {
                int iz = z * stride[0] + offset[0];
                for (int y = from[1]; y < to[1]; y++) {
                    int k = (z * dims[1] + y) * dims[2];
                    int row = planeBase + (iz * in[1] + y * stride[1] + offset[1]) * in[2] + offset[2];
                    if (pair) {
                        addPair(acc, row, buffer, odds, k, from[2], to[2], from1[2], to1[2], both, bothEnd);
                    } else if (stride[2] == 1) {
                        for (int x = from[2]; x < to[2]; x++) {
                            acc[row + x] += buffer[k + x];
                        }
                    } else {
                        for (int x = from[2]; x < to[2]; x++) {
                            acc[row + x * stride[2]] += buffer[k + x];
                        }
                    }
                }
            }
        }
    }

    /** One line of {@link #addPhase}'s pair: even positions {@code [from, to)}, odd {@code [from1, to1)}. */
    private static void addPair(double[] acc, int row, double[] b0, double[] b1, int k, int from, int to, int from1,
                                int to1, int both, int bothEnd) {
        for (int x = from; x < Math.min(to, both); x++) {
            acc[row + 2 * x] += b0[k + x];
        }
        for (int x = from1; x < Math.min(to1, both); x++) {
            acc[row + 2 * x + 1] += b1[k + x];
        }
        for (int x = both; x < bothEnd; x++) {
            acc[row + 2 * x] += b0[k + x];
            acc[row + 2 * x + 1] += b1[k + x];
        }
        for (int x = Math.max(from, bothEnd); x < to; x++) {
            acc[row + 2 * x] += b0[k + x];
        }
        for (int x = Math.max(from1, bothEnd); x < to1; x++) {
            acc[row + 2 * x + 1] += b1[k + x];
        }
    }

    /**
     * Phase {@code ph}'s write-back geometry per axis: padded box positions {@code [from, to)} land
     * in the input at {@code offset + stride i}; false when none does.
     */
    private boolean phaseRange(int ph, int[] lo, int[] dims, int[] from, int[] to, int[] offset) {
        for (int ax = 2, rest = ph; ax >= 0; rest /= stride[ax], ax--) {
            offset[ax] = lo[ax] * stride[ax] - begin[ax] + rest % stride[ax];
            from[ax] = Math.max(0, ceilDiv(-offset[ax], stride[ax]));
            to[ax] = Math.min(dims[ax], Math.floorDiv(in[ax] - 1 - offset[ax], stride[ax]) + 1);
            if (from[ax] >= to[ax]) {
                return false;
            }
        }
        return true;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
