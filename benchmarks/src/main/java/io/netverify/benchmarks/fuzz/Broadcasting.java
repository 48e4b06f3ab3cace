package io.netverify.benchmarks.fuzz;

/** Elementwise binary operators of the reference evaluator, with numpy broadcasting. */
final class Broadcasting {
    interface IntervalOp {
        double[] apply(double alo, double ahi, double blo, double bhi);
    }

    private Broadcasting() {
    }

    /** {@code additive}: the result's magnitude is the sum of the operands' (else its own). */
    static Enclosure apply(Enclosure a, Enclosure b, IntervalOp op, boolean additive) {
        int rank = Math.max(a.rank(), b.rank());
        int[] da = padded(a.dims(), rank);
        int[] db = padded(b.dims(), rank);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (da[i] != db[i] && da[i] != 1 && db[i] != 1) {
                throw new IllegalArgumentException("cannot broadcast dimension " + i);
            }
            out[i] = Math.max(da[i], db[i]);
        }
        int n = Enclosure.size(out);
        int[] sa = Enclosure.strides(da);
        int[] sb = Enclosure.strides(db);
        int[] so = Enclosure.strides(out);
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] mag = new double[n];
        for (int k = 0; k < n; k++) {
            int ia = 0;
            int ib = 0;
            for (int d = 0; d < rank; d++) {
                int c = k / so[d] % out[d];
                ia += da[d] == 1 ? 0 : c * sa[d];
                ib += db[d] == 1 ? 0 : c * sb[d];
            }
            double[] r = op.apply(a.lo()[ia], a.hi()[ia], b.lo()[ib], b.hi()[ib]);
            lo[k] = r[0];
            hi[k] = r[1];
            mag[k] = additive ? a.mag()[ia] + b.mag()[ib] : Math.max(Math.abs(r[0]), Math.abs(r[1]));
        }
        return new Enclosure(out, lo, hi, mag);
    }

    private static int[] padded(int[] dims, int rank) {
        int[] r = new int[rank];
        java.util.Arrays.fill(r, 1);
        System.arraycopy(dims, 0, r, rank - dims.length, dims.length);
        return r;
    }
}
