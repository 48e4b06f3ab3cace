package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

import java.util.List;
import java.util.Map;

/**
 * {@code ConvTranspose} with constant weights and bias. Its adjoint is Conv with the same weights,
 * strides, dilations, groups and begin pads; the end pad is chosen large enough for every
 * ConvTranspose input position to get an output (extra positions are cropped).
 */
public final class ConvTransposeRelaxation extends ConvolutionRelaxation {
    @Override
    protected WindowGeometry geometry(Node node, int[] in, int[] kernel, int[] out) {
        return WindowGeometry.transposed(node.attributes(), in, kernel, out);
    }

    @Override
    protected Node adjoint(Node node, WindowGeometry g, int[] in, int[] out) {
        int n = in.length;
        long[] pads = new long[2 * n];
        for (int i = 0; i < n; i++) {
            pads[i] = g.begin()[i];
            pads[n + i] = Math.max(0, g.strides()[i] * (in[i] - 1) - out[i] - g.begin()[i] + g.extent(i));
        }
        Attributes a = new Attributes(Map.of("strides", WindowGeometry.longs(g.strides()),
            "dilations", WindowGeometry.longs(g.dilations()), "pads", pads,
            "group", node.attributes().getInt("group", 1)));
        return new Node(node.name() + "/adjoint", "Conv", List.of("a", "w"), List.of("y"), a);
    }

    @Override
    protected long terms(Shape weights, long groups) {
        return (long) weights.size() / weights.dim(1) / groups;
    }
}
