package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

import java.util.List;
import java.util.Map;

/**
 * {@code Conv} with constant weights and bias. Its adjoint is ConvTranspose with the same weights,
 * strides, dilations, groups and begin pads; end pads and output_padding are chosen so that the
 * result has exactly the spatial size of the Conv input (the output_padding needed is below the
 * stride, as ConvTranspose requires).
 */
public final class ConvRelaxation extends ConvolutionRelaxation {
    @Override
    protected WindowGeometry geometry(Node node, int[] in, int[] kernel, int[] out) {
        return WindowGeometry.forward(node.attributes(), in, kernel);
    }

    @Override
    protected Node adjoint(Node node, WindowGeometry g, int[] in, int[] out) {
        int n = in.length;
        long[] pads = new long[2 * n];
        long[] outputPadding = new long[n];
        for (int i = 0; i < n; i++) {
            int full = g.strides()[i] * (out[i] - 1) + g.extent(i);
            int over = full - g.begin()[i] - in[i];
            pads[i] = g.begin()[i];
            pads[n + i] = Math.max(over, 0);
            outputPadding[i] = Math.max(-over, 0);
        }
        Attributes a = new Attributes(Map.of("strides", WindowGeometry.longs(g.strides()),
            "dilations", WindowGeometry.longs(g.dilations()), "pads", pads, "output_padding", outputPadding,
            "group", node.attributes().getInt("group", 1)));
        return new Node(node.name() + "/adjoint", "ConvTranspose", List.of("a", "w"), List.of("y"), a);
    }

    @Override
    protected long terms(Shape weights, long groups) {
        return (long) weights.size() / weights.dim(0);
    }
}
