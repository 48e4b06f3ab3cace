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
 * ONNX Pad: pads [b_0, ..., b_{r-1}, e_0, ..., e_{r-1}] as attribute (with attribute 'value', opset
 * < 11) or input (with optional inputs constant_value and, opset 18, axes). Negative pads crop.
 * Modes constant, edge, reflect (mirror without repeating the border) and wrap, applied to the
 * cropped tensor.
 */
public final class Pad implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Plan p = plan(node, inputs.get(0).shape(), StaticInputs.constants(node, inputs, constants));
        return List.of(new ValueInfo(node.output(), inputs.get(0).type(), p.shape()));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Plan p = plan(node, x.shape(), StaticInputs.values(inputs));
        return List.of(new Tensor(x.type(), p.shape(), IndexCopy.byAxisMaps(x.shape(), x.backingArray(), p.maps, p.value)));
    }

    /** Per output axis, the source index of each position (-1: the constant). */
    private record Plan(int[][] maps, double value) {
        Shape shape() {
            return Shape.of(Arrays.stream(maps).mapToInt(m -> m.length).toArray());
        }
    }

    private static Plan plan(Node node, Shape x, IntFunction<Tensor> input) {
        Attributes a = node.attributes();
        int r = x.rank();
        long[] pads;
        double value;
        long[] axes = null;
        if (a.has("pads")) {
            pads = a.getInts("pads", null);
            value = a.getFloat("value", 0);
        } else {
            Tensor p = input.apply(1);
            if (p == null) {
                throw new IllegalArgumentException("missing the pads input");
            }
            pads = p.toLongs();
            Tensor v = input.apply(2);
            value = v == null || v.size() == 0 ? 0 : v.get(0);
            axes = StaticInputs.longsOrNull(input, 3);
        }
        long[] full = new long[2 * r];
        int n = axes == null ? r : axes.length;
        if (pads.length != 2 * n) {
            throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " need " + 2 * n + " values");
        }
        for (int i = 0; i < n; i++) {
            int axis = axes == null ? i : x.axis(axes[i]);
            full[axis] = pads[i];
            full[axis + r] = pads[i + n];
        }
        String mode = a.getString("mode", "constant");
        if (!List.of("constant", "edge", "reflect", "wrap").contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "'");
        }
        int[][] maps = new int[r][];
        for (int axis = 0; axis < r; axis++) {
            maps[axis] = axisMap(x.dim(axis), full[axis], full[axis + r], mode);
        }
        return new Plan(maps, value);
    }

    private static int[] axisMap(int d, long begin, long end, String mode) {
        long lo = Math.max(0, -begin);
        long kept = d - lo - Math.max(0, -end);
        long size = d + begin + end;
        if (kept < 0 || size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pads " + begin + ", " + end + " do not fit a dimension of " + d);
        }
        int[] map = new int[(int) size];
        long shift = Math.max(0, begin);
        for (int o = 0; o < map.length; o++) {
            long q = o - shift;
            if (q >= 0 && q < kept) {
                map[o] = (int) (lo + q);
                continue;
            }
            if (mode.equals("constant")) {
                map[o] = -1;
                continue;
            }
            if (kept == 0) {
                throw new IllegalArgumentException(mode + " padding of an empty axis");
            }
            long m = switch (mode) {
                case "edge" -> Math.max(0, Math.min(kept - 1, q));
                case "wrap" -> Math.floorMod(q, kept);
                default -> reflect(q, kept);
            };
            map[o] = (int) (lo + m);
        }
        return map;
    }

    /** Mirrors q into [0, n) about the border elements, repeatedly when the padding exceeds n - 1 (as numpy). */
    private static long reflect(long q, long n) {
        if (n == 1) {
            return 0;
        }
        long period = 2 * (n - 1);
        long m = Math.floorMod(q, period);
        return m < n ? m : period - m;
    }
}
