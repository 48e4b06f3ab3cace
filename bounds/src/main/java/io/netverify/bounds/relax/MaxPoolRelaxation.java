package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * {@code MaxPool} over an input [N, C, D...]: each output element is the maximum of its window's
 * cells inside the input (padding never wins); see {@link ExtremumRelaxation}. The window of output
 * position o along an axis reads {@code o * stride - padBegin + t * dilation} for taps t; the output
 * extents (where ceil_mode matters) are the graph's inferred shape, and padBegin follows pads or
 * auto_pad as in ONNX. The optional Indices output has no bounds.
 */
public final class MaxPoolRelaxation extends ExtremumRelaxation {
    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        if (node.outputs().size() > 1 && !node.outputs().get(1).isEmpty()) {
            throw new NoRelaxationException(node.describe() + ": bounds of the Indices output are not supported");
        }
        return super.interval(node, inputs, graph);
    }

    @Override
    protected Candidates candidates(Node node, Graph graph) {
        Shape x = graph.shape(node.input(0));
        Shape y = graph.shape(node.output());
        int axes = x.rank() - 2;
        int[] in = Arrays.copyOfRange(x.dims(), 2, x.rank());
        int[] out = Arrays.copyOfRange(y.dims(), 2, y.rank());
        int[] kernel = ints(node, "kernel_shape", axes, -1);
        int[] strides = ints(node, "strides", axes, 1);
        int[] dilations = ints(node, "dilations", axes, 1);
        int[] begin = padBegin(node, in, out, kernel, strides, dilations);
        int inPlane = Shape.of(in).size();
        int outPlane = Shape.of(out).size();
        int planes = x.dim(0) * x.dim(1);
        int[] inStrides = Shape.of(in).strides();
        int[] taps = new int[Shape.of(kernel).size()];
        int[][] windows = new int[outPlane][];
        int[] o = new int[axes];
        int[] t = new int[axes];
        int cellsPerPlane = 0;
        for (int p = 0; p < outPlane; p++) {
            unflatten(p, out, o);
            int cells = 0;
            for (int tap = 0; tap < taps.length; tap++) {
                unflatten(tap, kernel, t);
                int flat = 0;
                for (int a = 0; a < axes && flat >= 0; a++) {
                    int pos = o[a] * strides[a] - begin[a] + t[a] * dilations[a];
                    flat = pos < 0 || pos >= in[a] ? -1 : flat + pos * inStrides[a];
                }
                if (flat >= 0) {
                    taps[cells++] = flat;
                }
            }
            if (cells == 0) {
                throw new NoRelaxationException(node.describe() + ": output position " + p
                    + " has its whole window in the padding");
            }
            windows[p] = Arrays.copyOf(taps, cells);
            cellsPerPlane += cells;
        }
        int[] start = new int[planes * outPlane + 1];
        int[] index = new int[planes * cellsPerPlane];
        int at = 0;
        for (int plane = 0; plane < planes; plane++) {
            for (int p = 0; p < outPlane; p++) {
                for (int cell : windows[p]) {
                    index[at++] = plane * inPlane + cell;
                }
                start[plane * outPlane + p + 1] = at;
            }
        }
        return new Candidates(start, new int[index.length], index);
    }

    @Override
    protected boolean minimum() {
        return false;
    }

    /** The padding before each spatial axis: pads' first half, 0 for VALID, or SAME_* split of the total. */
    private static int[] padBegin(Node node, int[] in, int[] out, int[] kernel, int[] strides, int[] dilations) {
        int axes = in.length;
        String autoPad = node.attributes().getString("auto_pad", "NOTSET");
        int[] begin = new int[axes];
        if (autoPad.equals("NOTSET")) {
            System.arraycopy(ints(node, "pads", 2 * axes, 0), 0, begin, 0, axes);
        } else if (autoPad.startsWith("SAME")) {
            for (int a = 0; a < axes; a++) {
                int total = Math.max(0, (out[a] - 1) * strides[a] + (kernel[a] - 1) * dilations[a] + 1 - in[a]);
                begin[a] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
            }
        }
        return begin;
    }

    /** An int-list attribute with {@code count} entries, or {@code fallback} everywhere when absent (-1: required). */
    private static int[] ints(Node node, String name, int count, int fallback) {
        long[] v = node.attributes().getInts(name, null);
        int[] r = new int[count];
        if (v == null || v.length == 0) {
            if (fallback < 0) {
                throw new NoRelaxationException(node.describe() + ": missing attribute " + name);
            }
            Arrays.fill(r, fallback);
            return r;
        }
        if (v.length != count) {
            throw new NoRelaxationException(node.describe() + ": attribute " + name + " " + Arrays.toString(v)
                + " needs " + count + " values");
        }
        for (int i = 0; i < count; i++) {
            r[i] = Math.toIntExact(v[i]);
        }
        return r;
    }

    private static void unflatten(int flat, int[] dims, int[] idx) {
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
    }
}
