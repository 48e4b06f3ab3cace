package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * ONNX Slice. Opset < 10 gives starts, ends and axes as attributes; opset 10+ as inputs
 * (data, starts, ends, axes?, steps?). Negative starts/ends count from the end; they are clamped
 * to [0, d] for positive steps and to [0, d-1] (starts) and [-1, d-1] (ends) for negative steps.
 */
public final class Slice implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Plan p = plan(node, inputs.get(0).shape(), StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), Shape.of(p.counts)));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Plan p = plan(node, x.shape(), StaticInputs.values(inputs));
        int[] inStrides = x.shape().strides();
        int offset = 0;
        int[] strides = new int[p.counts.length];
        for (int a = 0; a < strides.length; a++) {
            if (p.counts[a] > 0) {
                offset += p.starts[a] * inStrides[a];
            }
            strides[a] = p.steps[a] * inStrides[a];
        }
        return List.of(new Tensor(x.type(), Shape.of(p.counts), IndexCopy.strided(x.backingArray(), offset, p.counts, strides)));
    }

    /** Per axis of the data: first index, step and number of elements taken. */
    private record Plan(int[] starts, int[] steps, int[] counts) {
    }

    private static Plan plan(Node node, Shape x, IntFunction<Tensor> input) {
        Attributes a = node.attributes();
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        if (a.has("starts")) {
            starts = a.getInts("starts", null);
            ends = a.getInts("ends", null);
            axes = a.getInts("axes", null);
            steps = null;
        } else {
            Tensor s = input.apply(1);
            Tensor e = input.apply(2);
            if (s == null || e == null) {
                throw new IllegalArgumentException("missing the starts or ends input");
            }
            starts = s.toLongs();
            ends = e.toLongs();
            axes = StaticInputs.longsOrNull(input, 3);
            steps = StaticInputs.longsOrNull(input, 4);
        }
        int r = x.rank();
        int n = starts.length;
        if (ends == null || ends.length != n || (axes != null && axes.length != n) || (steps != null && steps.length != n)) {
            throw new IllegalArgumentException("starts, ends, axes and steps must have equal lengths");
        }
        int[] first = new int[r];
        int[] step = new int[r];
        int[] count = x.dims();
        Arrays.fill(step, 1);
        boolean[] seen = new boolean[r];
        for (int i = 0; i < n; i++) {
            int axis = x.axis(axes == null ? i : axes[i]);
            if (seen[axis]) {
                throw new IllegalArgumentException("axis " + axis + " repeated in axes " + Arrays.toString(axes));
            }
            seen[axis] = true;
            long st = steps == null ? 1 : steps[i];
            if (st == 0 || Math.abs(st) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid step " + st);
            }
            long d = x.dim(axis);
            long b = starts[i] < 0 ? starts[i] + d : starts[i];
            long e = ends[i] < 0 ? ends[i] + d : ends[i];
            long c;
            if (d == 0) {
                c = 0;
            } else if (st > 0) {
                b = clamp(b, 0, d);
                e = clamp(e, 0, d);
                c = e > b ? (e - b + st - 1) / st : 0;
            } else {
                b = clamp(b, 0, d - 1);
                e = clamp(e, -1, d - 1);
                c = b > e ? (b - e - st - 1) / -st : 0;
            }
            first[axis] = (int) Math.max(b, 0);
            step[axis] = (int) st;
            count[axis] = (int) c;
        }
        return new Plan(first, step, count);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
