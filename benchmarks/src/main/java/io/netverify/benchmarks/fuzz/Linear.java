package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.Attributes;

/** The reference evaluator's linear operators: every sum of products exact, rounded outward once. */
final class Linear {
    private Linear() {
    }

    /** Adds w * x for a point weight w and an interval x to the lower and upper sums; returns |w| * mag(x). */
    private static double term(ExactSum lo, ExactSum hi, double w, Enclosure x, int i) {
        if (w >= 0) {
            lo.add(w, x.lo()[i]);
            hi.add(w, x.hi()[i]);
        } else {
            lo.add(w, x.hi()[i]);
            hi.add(w, x.lo()[i]);
        }
        return Math.abs(w) * x.mag()[i];
    }

    private static void requirePoint(Enclosure w, String what) {
        if (!w.isPoint()) {
            throw new IllegalArgumentException("reference evaluator: " + what + " must be a constant");
        }
    }

    /** Gemm (2-D operands) and MatMul (A of rank 2, B of rank 2): alpha * A' B' + beta * C. */
    static Enclosure matMul(Enclosure a, Enclosure b, Enclosure c, boolean transA, boolean transB, double alpha, double beta) {
        requirePoint(b, "the second MatMul/Gemm operand");
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("reference evaluator: MatMul of rank " + a.rank() + " x " + b.rank());
        }
        int m = transA ? a.dims()[1] : a.dims()[0];
        int k = transA ? a.dims()[0] : a.dims()[1];
        int n = transB ? b.dims()[0] : b.dims()[1];
        double[] lo = new double[m * n];
        double[] hi = new double[m * n];
        double[] mag = new double[m * n];
        boolean plain = alpha == 1 && beta == 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                ExactSum sl = new ExactSum();
                ExactSum sh = new ExactSum();
                double g = 0;
                for (int t = 0; t < k; t++) {
                    int ia = transA ? t * a.dims()[1] + i : i * k + t;
                    double w = transB ? b.lo()[j * k + t] : b.lo()[t * n + j];
                    g += term(sl, sh, w, a, ia);
                }
                double cv = c == null ? 0 : c.lo()[broadcastIndex(c, i, j, m, n)];
                int o = i * n + j;
                if (plain) {
                    sl.add(cv);
                    sh.add(cv);
                    lo[o] = sl.down();
                    hi[o] = sh.up();
                    mag[o] = g + Math.abs(cv);
                } else {
                    double[] s = Intervals.mul(sl.down(), sh.up(), alpha, alpha);
                    double[] bc = Intervals.mul(cv, cv, beta, beta);
                    double[] r = Intervals.add(s[0], s[1], bc[0], bc[1]);
                    lo[o] = r[0];
                    hi[o] = r[1];
                    mag[o] = Math.abs(alpha) * g + Math.abs(beta * cv);
                }
            }
        }
        return new Enclosure(new int[] {m, n}, lo, hi, mag);
    }

    private static int broadcastIndex(Enclosure c, int i, int j, int m, int n) {
        requirePoint(c, "the Gemm bias");
        int[] d = c.dims();
        int rows = d.length == 2 ? d[0] : 1;
        int cols = d.length == 0 ? 1 : d[d.length - 1];
        return (rows == 1 ? 0 : i) * cols + (cols == 1 ? 0 : j);
    }

    /** 2-D Conv (NCHW) with group, pads, strides, dilations. */
    static Enclosure conv(Enclosure x, Enclosure w, Enclosure bias, Attributes a) {
        requirePoint(w, "the Conv weight");
        int[] xd = x.dims();
        int[] wd = w.dims();
        if (xd.length != 4) {
            throw new IllegalArgumentException("reference evaluator: Conv of rank " + xd.length);
        }
        int group = (int) a.getInt("group", 1);
        long[] pads = a.getInts("pads", new long[4]);
        long[] strides = a.getInts("strides", new long[] {1, 1});
        long[] dil = a.getInts("dilations", new long[] {1, 1});
        int n = xd[0];
        int c = xd[1];
        int h = xd[2];
        int wi = xd[3];
        int m = wd[0];
        int cg = wd[1];
        int kh = wd[2];
        int kw = wd[3];
        int oh = (int) ((h + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) / strides[0] + 1);
        int ow = (int) ((wi + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) / strides[1] + 1);
        int[] out = {n, m, oh, ow};
        double[] lo = new double[Enclosure.size(out)];
        double[] hi = new double[lo.length];
        double[] mag = new double[lo.length];
        int mg = m / group;
        for (int b = 0; b < n; b++) {
            for (int f = 0; f < m; f++) {
                int g = f / mg;
                double bv = bias == null ? 0 : bias.lo()[f];
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        ExactSum sl = new ExactSum().add(bv);
                        ExactSum sh = new ExactSum().add(bv);
                        double gm = Math.abs(bv);
                        for (int ci = 0; ci < cg; ci++) {
                            int channel = g * cg + ci;
                            for (int p = 0; p < kh; p++) {
                                long iy = y * strides[0] - pads[0] + p * dil[0];
                                for (int q = 0; q < kw; q++) {
                                    long iz = z * strides[1] - pads[1] + q * dil[1];
                                    if (iy < 0 || iy >= h || iz < 0 || iz >= wi) {
                                        continue;
                                    }
                                    double wv = w.lo()[((f * cg + ci) * kh + p) * kw + q];
                                    gm += term(sl, sh, wv, x, (int) (((b * c + channel) * h + iy) * wi + iz));
                                }
                            }
                        }
                        int o = ((b * m + f) * oh + y) * ow + z;
                        lo[o] = sl.down();
                        hi[o] = sh.up();
                        mag[o] = gm;
                    }
                }
            }
        }
        return new Enclosure(out, lo, hi, mag);
    }

    /** Inference BatchNormalization on axis 1, step by step with outward rounding. */
    static Enclosure batchNorm(Enclosure x, Enclosure scale, Enclosure shift, Enclosure mean, Enclosure var, double eps) {
        int[] d = x.dims();
        int inner = 1;
        for (int i = 2; i < d.length; i++) {
            inner *= d[i];
        }
        double[] lo = new double[x.size()];
        double[] hi = new double[x.size()];
        double[] mag = new double[x.size()];
        for (int k = 0; k < lo.length; k++) {
            int ch = k / inner % d[1];
            double[] v = Intervals.add(var.lo()[ch], var.hi()[ch], eps, eps);
            double[] sd = {Intervals.down(Math.sqrt(v[0]), 1), Intervals.up(Math.sqrt(v[1]), 1)};
            double[] s = Intervals.div(scale.lo()[ch], scale.hi()[ch], sd[0], sd[1]);
            double[] centred = Intervals.add(x.lo()[k], x.hi()[k], -mean.hi()[ch], -mean.lo()[ch]);
            double[] scaled = Intervals.mul(centred[0], centred[1], s[0], s[1]);
            double[] r = Intervals.add(scaled[0], scaled[1], shift.lo()[ch], shift.hi()[ch]);
            lo[k] = r[0];
            hi[k] = r[1];
            mag[k] = (x.mag()[k] + Math.abs(mean.lo()[ch])) * Math.max(Math.abs(s[0]), Math.abs(s[1])) + Math.abs(shift.lo()[ch]);
        }
        return new Enclosure(d, lo, hi, mag);
    }

    /** 2-D MaxPool, or AveragePool without count_include_pad; ceil_mode 0. */
    static Enclosure pool(Enclosure x, Attributes a, boolean max) {
        if (a.getInt("ceil_mode", 0) != 0 || a.getInt("count_include_pad", 0) != 0) {
            throw new IllegalArgumentException("reference evaluator: pool with ceil_mode or count_include_pad");
        }
        int[] xd = x.dims();
        long[] k = a.getInts("kernel_shape", null);
        long[] pads = a.getInts("pads", new long[4]);
        long[] strides = a.getInts("strides", new long[] {1, 1});
        int h = xd[2];
        int w = xd[3];
        int oh = (int) ((h + pads[0] + pads[2] - k[0]) / strides[0] + 1);
        int ow = (int) ((w + pads[1] + pads[3] - k[1]) / strides[1] + 1);
        int[] out = {xd[0], xd[1], oh, ow};
        double[] lo = new double[Enclosure.size(out)];
        double[] hi = new double[lo.length];
        double[] mag = new double[lo.length];
        for (int plane = 0; plane < xd[0] * xd[1]; plane++) {
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++) {
                    ExactSum sl = new ExactSum();
                    ExactSum sh = new ExactSum();
                    double l = Double.NEGATIVE_INFINITY;
                    double u = Double.NEGATIVE_INFINITY;
                    double gm = 0;
                    int count = 0;
                    for (int p = 0; p < k[0]; p++) {
                        long iy = y * strides[0] - pads[0] + p;
                        for (int q = 0; q < k[1]; q++) {
                            long iz = z * strides[1] - pads[1] + q;
                            if (iy < 0 || iy >= h || iz < 0 || iz >= w) {
                                continue;
                            }
                            int i = (int) ((plane * h + iy) * w + iz);
                            l = Math.max(l, x.lo()[i]);
                            u = Math.max(u, x.hi()[i]);
                            gm = max ? Math.max(gm, x.mag()[i]) : gm + x.mag()[i];
                            sl.add(x.lo()[i]);
                            sh.add(x.hi()[i]);
                            count++;
                        }
                    }
                    int o = (plane * oh + y) * ow + z;
                    if (max) {
                        lo[o] = l;
                        hi[o] = u;
                        mag[o] = gm;
                    } else {
                        lo[o] = Intervals.div(sl.down(), sl.down(), count, count)[0];
                        hi[o] = Intervals.div(sh.up(), sh.up(), count, count)[1];
                        mag[o] = gm / count;
                    }
                }
            }
        }
        return new Enclosure(out, lo, hi, mag);
    }

    static Enclosure globalAverage(Enclosure x) {
        int[] xd = x.dims();
        int plane = xd[2] * xd[3];
        double[] lo = new double[xd[0] * xd[1]];
        double[] hi = new double[lo.length];
        double[] mag = new double[lo.length];
        for (int p = 0; p < lo.length; p++) {
            ExactSum sl = new ExactSum();
            ExactSum sh = new ExactSum();
            for (int i = p * plane; i < (p + 1) * plane; i++) {
                sl.add(x.lo()[i]);
                sh.add(x.hi()[i]);
                mag[p] += x.mag()[i] / plane;
            }
            lo[p] = Intervals.div(sl.down(), sl.down(), plane, plane)[0];
            hi[p] = Intervals.div(sh.up(), sh.up(), plane, plane)[1];
        }
        return new Enclosure(new int[] {xd[0], xd[1], 1, 1}, lo, hi, mag);
    }
}
