package io.netverify.bounds.relax;

import io.netverify.onnx.Shape;

import java.util.Arrays;

/**
 * Per row of a coefficient matrix over one value, a spatial box outside which the row is exactly
 * zero (either sign) in every channel: the metadata a backward pass carries so that steps touch
 * only the receptive field of an intermediate pass's neuron. The value is viewed as {@code [outer,
 * depth, height, width]}: its first two axes (batch, channels) are the outer slices, its 1 to 3
 * spatial axes are padded to 3 with leading unit axes. A row's box is empty when the row is zero.
 *
 * <p>Soundness rests on every writer: a step that adds into coefficients must widen their rows'
 * boxes to cover what it wrote ({@link #include}), or the pass must drop the windows of that value.
 * A view ({@link #from}) shares the boxes of a range of rows.
 */
public final class RowWindows {
    private static final int MIN_RANK = 3;
    private final int outer;
    /** Spatial sizes, padded to 3. */
    private final int[] dims;
    /** Per row, per axis: the box's first and last position; empty when lo[3k] > hi[3k]. */
    private final int[] lo;
    private final int[] hi;
    private final int offset;

    private RowWindows(int outer, int[] dims, int[] lo, int[] hi, int offset) {
        this.outer = outer;
        this.dims = dims;
        this.lo = lo;
        this.hi = hi;
        this.offset = offset;
    }

    /** Whether a value of this shape has spatial axes to carry windows over (rank 3 to 5). */
    public static boolean supports(Shape shape) {
        return shape.rank() >= MIN_RANK && shape.rank() <= MIN_RANK + 2;
    }

    /** Empty windows (every row zero) for {@code rows} rows over a value of this shape. */
    public static RowWindows empty(int rows, Shape shape) {
        int[] dims = {1, 1, 1};
        int pad = MIN_RANK + 2 - shape.rank();
        for (int a = 2; a < shape.rank(); a++) {
            dims[pad + a - 2] = shape.dim(a);
        }
        int[] lo = new int[3 * rows];
        Arrays.fill(lo, Integer.MAX_VALUE);
        int[] hi = new int[3 * rows];
        Arrays.fill(hi, -1);
        return new RowWindows(shape.dim(0) * shape.dim(1), dims, lo, hi, 0);
    }

    /** The smallest windows of {@code rows} rows of {@code c} over a value of this shape (one sweep over c). */
    public static RowWindows of(double[] c, int rows, Shape shape) {
        RowWindows w = empty(rows, shape);
        int[] d = w.dims;
        int size = w.size();
        int[] at = new int[3];
        for (int k = 0; k < rows; k++) {
            for (int i = k * size; i < (k + 1) * size; i++) {
                if (c[i] != 0) {
                    int p = (i - k * size) % w.plane();
                    at[0] = p / (d[1] * d[2]);
                    at[1] = p / d[2] % d[1];
                    at[2] = p % d[2];
                    w.include(k, at, at);
                }
            }
        }
        return w;
    }

    /** The windows of rows {@code first..} as rows {@code 0..} (sharing the boxes). */
    public RowWindows from(int first) {
        return new RowWindows(outer, dims, lo, hi, offset + first);
    }

    /** Whether these windows are over a value of this shape's layout. */
    public boolean fits(Shape shape) {
        return supports(shape) && shape.size() == size() && Arrays.equals(empty(0, shape).dims, dims)
            && shape.dim(0) * shape.dim(1) == outer;
    }

    /** Positions per outer slice. */
    private int plane() {
        return dims[0] * dims[1] * dims[2];
    }

    /** The row's length: outer slices times the plane. */
    public int size() {
        return outer * plane();
    }

    /** Whether the row is zero. */
    public boolean isEmpty(int row) {
        return lo[3 * (offset + row)] > hi[3 * (offset + row)];
    }

    /** The row's first position on axis a (meaningless when empty). */
    public int lo(int row, int a) {
        return lo[3 * (offset + row) + a];
    }

    /** The row's last position on axis a. */
    public int hi(int row, int a) {
        return hi[3 * (offset + row) + a];
    }

    /** Widens the row's box to hold positions {@code [from[a], to[a]]} per axis (clipped to the value). */
    public void include(int row, int[] from, int[] to) {
        int k = 3 * (offset + row);
        for (int a = 0; a < 3; a++) {
            if (Math.max(from[a], 0) > Math.min(to[a], dims[a] - 1)) {
                return;
            }
        }
        for (int a = 0; a < 3; a++) {
            lo[k + a] = Math.min(lo[k + a], Math.max(from[a], 0));
            hi[k + a] = Math.max(hi[k + a], Math.min(to[a], dims[a] - 1));
        }
    }

    /** Widens the row's box to hold the box of {@code other}'s row {@code otherRow} (same layout). */
    public void include(int row, RowWindows other, int otherRow) {
        if (!other.isEmpty(otherRow)) {
            int k = 3 * (other.offset + otherRow);
            include(row, Arrays.copyOfRange(other.lo, k, k + 3), Arrays.copyOfRange(other.hi, k, k + 3));
        }
    }

    /**
     * Index ranges of the row (relative to its first index) that hold its window, as pairs {@code
     * [from, to)}, increasing and disjoint: each width-line of the box per outer slice, depth and
     * height, widened to multiples of {@code lanes} (a power of two) and cut at the last multiple of lanes in the row,
     * adjacent ones merged. A sum in {@code lanes} partial sums by index mod lanes over these ranges,
     * then over the row's tail past the last multiple, adds the row's non-zero terms in the order
     * the whole row's sum does (the extra zero terms change no bit of a sum of +0 and nonnegative or
     * same-signed terms; see the callers). None when the row is empty.
     */
    public int[] runs(int row, int lanes) {
        if (Integer.bitCount(lanes) != 1) {
            throw new IllegalArgumentException("lanes must be a power of two: " + lanes);
        }
        if (isEmpty(row)) {
            return new int[0];
        }
        int k = 3 * (offset + row);
        int width = hi[k + 2] - lo[k + 2] + 1;
        int plane = plane();
        int mask = -lanes;
        int end = size() & mask;
        int lines = (hi[k] - lo[k] + 1) * (hi[k + 1] - lo[k + 1] + 1);
        int[] r = new int[2 * outer * lines];
        int count = 0;
        for (int q = 0; q < outer; q++) {
            for (int z = lo[k]; z <= hi[k]; z++) {
                int start = q * plane + (z * dims[1] + lo[k + 1]) * dims[2] + lo[k + 2];
                for (int y = lo[k + 1]; y <= hi[k + 1]; y++, start += dims[2]) {
                    int from = start & mask;
                    int to = Math.min(end, (start + width + lanes - 1) & mask);
                    if (count > 0 && from <= r[count - 1]) {
                        r[count - 1] = Math.max(r[count - 1], to);
                    } else if (from < to) {
                        r[count++] = from;
                        r[count++] = to;
                    }
                }
            }
        }
        return count == r.length ? r : Arrays.copyOf(r, count);
    }

    /**
     * Whether reading only the row's window is worth it: it covers at most half the row (sweeps
     * over a window are shorter but less regular than over the whole row).
     */
    public boolean narrow(int row) {
        return 2 * area(row) <= size();
    }

    /** Positions the row's window covers (0 when empty). */
    private long area(int row) {
        if (isEmpty(row)) {
            return 0;
        }
        long a = outer;
        for (int ax = 0; ax < 3; ax++) {
            a *= hi(row, ax) - lo(row, ax) + 1;
        }
        return a;
    }
}
