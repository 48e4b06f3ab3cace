package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.Shape;

import java.util.Arrays;

/**
 * A tensor of intervals {@code [lo, hi]}, each holding the exact real value of one element, with
 * {@code mag} an upper bound of the magnitudes summed to compute it (the scale of the rounding error
 * that a float64 evaluation of the same element may make).
 */
record Enclosure(int[] dims, double[] lo, double[] hi, double[] mag) {
    static Enclosure point(int[] dims, double[] v) {
        double[] mag = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            mag[i] = Math.abs(v[i]);
        }
        return new Enclosure(dims.clone(), v.clone(), v.clone(), mag);
    }

    static Enclosure of(int[] dims, double[] lo, double[] hi) {
        double[] mag = new double[lo.length];
        for (int i = 0; i < lo.length; i++) {
            mag[i] = Math.max(Math.abs(lo[i]), Math.abs(hi[i]));
        }
        return new Enclosure(dims, lo, hi, mag);
    }

    int size() {
        return lo.length;
    }

    int rank() {
        return dims.length;
    }

    boolean isPoint() {
        return Arrays.equals(lo, hi);
    }

    Enclosure reshape(int[] newDims) {
        return new Enclosure(newDims, lo, hi, mag);
    }

    /**
     * Every element widened outward by {@code delta} times its magnitude, plus (when delta > 0) a few
     * subnormal steps for what a float64 evaluation loses when it underflows (NaN endpoints become
     * infinite).
     */
    Enclosure widen(double delta) {
        double[] l = new double[lo.length];
        double[] h = new double[lo.length];
        for (int i = 0; i < l.length; i++) {
            double w = delta * mag[i] + 16 * Double.MIN_VALUE;
            l[i] = Double.isNaN(lo[i]) ? Double.NEGATIVE_INFINITY : Math.nextDown(lo[i] - w);
            h[i] = Double.isNaN(hi[i]) ? Double.POSITIVE_INFINITY : Math.nextUp(hi[i] + w);
            if (delta == 0) {
                l[i] = Double.isNaN(lo[i]) ? Double.NEGATIVE_INFINITY : lo[i];
                h[i] = Double.isNaN(hi[i]) ? Double.POSITIVE_INFINITY : hi[i];
            }
        }
        return new Enclosure(dims, l, h, mag);
    }

    static int size(int[] dims) {
        return Shape.of(dims).size();
    }

    static int[] strides(int[] dims) {
        return Shape.of(dims).strides();
    }
}
