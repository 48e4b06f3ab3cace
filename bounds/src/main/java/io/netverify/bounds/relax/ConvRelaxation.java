package io.netverify.bounds.relax;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code Conv} with constant weights and bias. Its adjoint is ConvTranspose with the same weights,
 * strides, dilations, groups and begin pads; end pads and output_padding are chosen so that the
 * result has exactly the spatial size of the Conv input (the output_padding needed is below the
 * stride, as ConvTranspose requires).
 */
public final class ConvRelaxation extends ConvolutionRelaxation implements AffineInData {
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
    protected ConvWindowAdjoint windowAdjoint(Node node, WindowGeometry g, Shape xs, Shape ys, Tensor w) {
        int rank = xs.rank() - 2;
        if (rank < 1 || rank > ConvWindowAdjoint.MAX_RANK) {
            return null;
        }
        return new ConvWindowAdjoint(ys.dim(1), xs.dim(1), (int) node.attributes().getInt("group", 1),
            Arrays.copyOfRange(ys.dims(), 2, ys.rank()), Arrays.copyOfRange(xs.dims(), 2, xs.rank()), g, w.backingArray());
    }

    @Override
    protected long terms(Shape weights, long groups) {
        return (long) weights.size() / weights.dim(0);
    }

    @Override
    public boolean exactOverBoxes() {
        return true;
    }

    /**
     * Row (b, m, p): {@code sum_{c, t} W[m, c, t] x[b, g c, p s - begin + t d] + bias[m]} over the
     * channels c of m's group g and the kernel taps t whose input position lies inside the input
     * (outside is zero padding).
     */
    @Override
    public void affineRows(Node node, Graph graph, AffineRows rows) {
        Shape xs = graph.shape(node.input(0));
        Shape ys = graph.shape(node.output());
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        int[] in = Arrays.copyOfRange(xs.dims(), 2, xs.rank());
        int[] out = Arrays.copyOfRange(ys.dims(), 2, ys.rank());
        int[] kernel = Arrays.copyOfRange(w.shape().dims(), 2, w.shape().rank());
        WindowGeometry g = geometry(node, in, kernel, out);
        int channels = xs.dim(1);
        int filters = ys.dim(1);
        int perGroup = w.shape().dim(1);
        int filtersPerGroup = filters / (channels / perGroup);
        int inPlane = Shape.of(in).size();
        int outPlane = Shape.of(out).size();
        int taps = Shape.of(kernel).size();
        int[] p = new int[out.length];
        int[] t = new int[kernel.length];
        for (int batch = 0; batch < xs.dim(0); batch++) {
            for (int m = 0; m < filters; m++) {
                int firstChannel = m / filtersPerGroup * perGroup;
                for (int q = 0; q < outPlane; q++) {
                    unravel(q, out, p);
                    for (int c = 0; c < perGroup; c++) {
                        int plane = (batch * channels + firstChannel + c) * inPlane;
                        for (int k = 0; k < taps; k++) {
                            unravel(k, kernel, t);
                            int at = inputPosition(g, in, p, t);
                            if (at >= 0) {
                                rows.term(0, plane + at, w.get((m * perGroup + c) * taps + k));
                            }
                        }
                    }
                    rows.end(b == null ? 0 : b.get(m));
                }
            }
        }
    }

    /** The flat spatial input position that tap t reads for output position p, or -1 in the padding. */
    private static int inputPosition(WindowGeometry g, int[] in, int[] p, int[] t) {
        int at = 0;
        for (int a = 0; a < in.length; a++) {
            int i = p[a] * g.strides()[a] - g.begin()[a] + t[a] * g.dilations()[a];
            if (i < 0 || i >= in[a]) {
                return -1;
            }
            at = at * in[a] + i;
        }
        return at;
    }

    private static void unravel(int flat, int[] dims, int[] index) {
        for (int a = dims.length - 1; a >= 0; a--) {
            index[a] = flat % dims[a];
            flat /= dims[a];
        }
    }
}
