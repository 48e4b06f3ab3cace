package io.netverify.benchmarks.fuzz;

import java.util.List;

/** The reference evaluator's shape operators and reductions, by explicit index arithmetic. */
final class Shapes {
    private Shapes() {
    }

    private static int axis(long a, int rank) {
        return (int) (a < 0 ? a + rank : a);
    }

    private static Enclosure gather(Enclosure x, int[] out, int[] source) {
        double[] lo = new double[source.length];
        double[] hi = new double[source.length];
        double[] mag = new double[source.length];
        for (int i = 0; i < source.length; i++) {
            lo[i] = x.lo()[source[i]];
            hi[i] = x.hi()[source[i]];
            mag[i] = x.mag()[source[i]];
        }
        return new Enclosure(out, lo, hi, mag);
    }

    static Enclosure reshape(Enclosure x, long[] shape) {
        int[] out = new int[shape.length];
        int known = 1;
        int free = -1;
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i] == 0 ? x.dims()[i] : (int) shape[i];
            if (shape[i] == -1) {
                free = i;
            } else {
                known *= out[i];
            }
        }
        if (free >= 0) {
            out[free] = x.size() / known;
        }
        return x.reshape(out);
    }

    static Enclosure flatten(Enclosure x, int axis) {
        int a = axis(axis, x.rank());
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= x.dims()[i];
        }
        return x.reshape(new int[] {outer, x.size() / outer});
    }

    static Enclosure transpose(Enclosure x, long[] perm) {
        int r = x.rank();
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = perm == null ? r - 1 - i : (int) perm[i];
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = x.dims()[p[i]];
        }
        int[] sx = Enclosure.strides(x.dims());
        int[] so = Enclosure.strides(out);
        int[] source = new int[x.size()];
        for (int k = 0; k < source.length; k++) {
            int s = 0;
            for (int d = 0; d < r; d++) {
                s += (k / so[d] % out[d]) * sx[p[d]];
            }
            source[k] = s;
        }
        return gather(x, out, source);
    }

    static Enclosure concat(List<Enclosure> parts, int axis) {
        int r = parts.get(0).rank();
        int a = axis(axis, r);
        int[] out = parts.get(0).dims().clone();
        out[a] = parts.stream().mapToInt(p -> p.dims()[a]).sum();
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= out[i];
        }
        int total = Enclosure.size(out);
        double[] lo = new double[total];
        double[] hi = new double[total];
        double[] mag = new double[total];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Enclosure p : parts) {
                int block = p.size() / outer;
                System.arraycopy(p.lo(), o * block, lo, pos, block);
                System.arraycopy(p.hi(), o * block, hi, pos, block);
                System.arraycopy(p.mag(), o * block, mag, pos, block);
                pos += block;
            }
        }
        return new Enclosure(out, lo, hi, mag);
    }

    /** Slice with positive steps (the generator's). */
    static Enclosure slice(Enclosure x, long[] starts, long[] ends, long[] axes, long[] steps) {
        int r = x.rank();
        int[] begin = new int[r];
        int[] step = new int[r];
        int[] out = x.dims().clone();
        java.util.Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int a = axes == null ? i : axis(axes[i], r);
            int dim = x.dims()[a];
            long st = steps == null ? 1 : steps[i];
            if (st <= 0) {
                throw new IllegalArgumentException("reference evaluator: Slice step " + st);
            }
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            s = Math.max(0, Math.min(dim, s));
            e = Math.max(0, Math.min(dim, e));
            begin[a] = (int) s;
            step[a] = (int) st;
            out[a] = (int) Math.max(0, (e - s + st - 1) / st);
        }
        int[] sx = Enclosure.strides(x.dims());
        int[] so = Enclosure.strides(out);
        int[] source = new int[Enclosure.size(out)];
        for (int k = 0; k < source.length; k++) {
            int s = 0;
            for (int d = 0; d < r; d++) {
                s += (begin[d] + (k / so[d] % out[d]) * step[d]) * sx[d];
            }
            source[k] = s;
        }
        return gather(x, out, source);
    }

    /** ReduceSum / Mean / Max / Min over axes (all when null). */
    static Enclosure reduce(Enclosure x, String op, long[] axes, boolean keepdims) {
        int r = x.rank();
        boolean[] reduced = new boolean[r];
        for (int i = 0; i < r; i++) {
            reduced[i] = axes == null || axes.length == 0;
        }
        if (axes != null) {
            for (long a : axes) {
                reduced[axis(a, r)] = true;
            }
        }
        int[] kept = new int[r];
        int count = 1;
        for (int i = 0; i < r; i++) {
            kept[i] = reduced[i] ? 1 : x.dims()[i];
            count *= reduced[i] ? x.dims()[i] : 1;
        }
        int n = Enclosure.size(kept);
        int[] sx = Enclosure.strides(x.dims());
        int[] sk = Enclosure.strides(kept);
        ExactSum[] sl = new ExactSum[n];
        ExactSum[] sh = new ExactSum[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] mag = new double[n];
        for (int k = 0; k < n; k++) {
            sl[k] = new ExactSum();
            sh[k] = new ExactSum();
            lo[k] = op.equals("ReduceMax") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            hi[k] = lo[k];
        }
        for (int i = 0; i < x.size(); i++) {
            int k = 0;
            for (int d = 0; d < r; d++) {
                if (!reduced[d]) {
                    k += (i / sx[d] % x.dims()[d]) * sk[d];
                }
            }
            sl[k].add(x.lo()[i]);
            sh[k].add(x.hi()[i]);
            switch (op) {
                case "ReduceMax" -> {
                    lo[k] = Math.max(lo[k], x.lo()[i]);
                    hi[k] = Math.max(hi[k], x.hi()[i]);
                    mag[k] = Math.max(mag[k], x.mag()[i]);
                }
                case "ReduceMin" -> {
                    lo[k] = Math.min(lo[k], x.lo()[i]);
                    hi[k] = Math.min(hi[k], x.hi()[i]);
                    mag[k] = Math.max(mag[k], x.mag()[i]);
                }
                default -> mag[k] += x.mag()[i];
            }
        }
        for (int k = 0; k < n; k++) {
            if (op.equals("ReduceSum")) {
                lo[k] = sl[k].down();
                hi[k] = sh[k].up();
            } else if (op.equals("ReduceMean")) {
                lo[k] = Intervals.div(sl[k].down(), sl[k].down(), count, count)[0];
                hi[k] = Intervals.div(sh[k].up(), sh[k].up(), count, count)[1];
                mag[k] /= count;
            }
        }
        int[] out = kept;
        if (!keepdims) {
            out = java.util.stream.IntStream.range(0, r).filter(d -> !reduced[d]).map(d -> x.dims()[d]).toArray();
        }
        return new Enclosure(out, lo, hi, mag);
    }
}
