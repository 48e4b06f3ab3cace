package io.netverify.bounds.relax;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

import java.util.Arrays;

/**
 * {@code AveragePool}: each output is the sum of the input cells under its window divided by the
 * window's cell count (inside the input, or inside the padded input with count_include_pad).
 * Backward scatters {@code a / divisor} to every cell of the window.
 */
public final class AveragePoolRelaxation extends MonotoneLinearRelaxation {
    /** For one [n, c] plane: output p reads {@code cells[start[p] .. start[p+1])}, divided by {@code divisor[p]}. */
    private record Windows(int[] start, int[] cells, int[] divisor, int kernelSize) {
    }

    private final NodeCache<Windows> windows = new NodeCache<>();

    @Override
    protected long terms(Node node, Graph graph) {
        return windows(node, graph).kernelSize() + 1L;
    }

    private Windows windows(Node node, Graph graph) {
        return windows.get(graph, node, () -> {
            Shape x = graph.shape(node.input(0));
            Shape y = graph.shape(node.output());
            int[] in = Arrays.copyOfRange(x.dims(), 2, x.rank());
            int[] out = Arrays.copyOfRange(y.dims(), 2, y.rank());
            long[] ks = node.attributes().getInts("kernel_shape", null);
            int[] kernel = Arrays.stream(ks).mapToInt(Math::toIntExact).toArray();
            WindowGeometry g = WindowGeometry.forward(node.attributes(), in, kernel);
            boolean includePad = node.attributes().getInt("count_include_pad", 0) != 0;
            return build(g, in, out, includePad);
        });
    }

    /** The windows as products of per-axis cell lists. */
    private static Windows build(WindowGeometry g, int[] in, int[] out, boolean includePad) {
        int rank = in.length;
        int[][][] cells = new int[rank][][];
        int[][] padded = new int[rank][];
        for (int a = 0; a < rank; a++) {
            cells[a] = new int[out[a]][];
            padded[a] = new int[out[a]];
            for (int o = 0; o < out[a]; o++) {
                int[] c = new int[g.kernel()[a]];
                int count = 0;
                for (int k = 0; k < g.kernel()[a]; k++) {
                    int pos = o * g.strides()[a] - g.begin()[a] + k * g.dilations()[a];
                    if (pos >= 0 && pos < in[a]) {
                        c[count++] = pos;
                    }
                    if (pos >= -g.begin()[a] && pos < in[a] + g.end()[a]) {
                        padded[a][o]++;
                    }
                }
                cells[a][o] = Arrays.copyOf(c, count);
            }
        }
        int outSize = Shape.of(out).size();
        int[] inStrides = Shape.of(in).strides();
        int[] start = new int[outSize + 1];
        int[] divisor = new int[outSize];
        int[] flat = new int[0];
        int[] o = new int[rank];
        for (int p = 0; p < outSize; p++) {
            int n = 1;
            int div = 1;
            for (int a = 0; a < rank; a++) {
                n *= cells[a][o[a]].length;
                div *= includePad ? padded[a][o[a]] : cells[a][o[a]].length;
            }
            if (start[p] + n > flat.length) {
                flat = Arrays.copyOf(flat, Math.max(2 * flat.length, start[p] + n));
            }
            for (int t = 0; t < n; t++) {
                int rest = t;
                int idx = 0;
                for (int a = rank - 1; a >= 0; a--) {
                    int[] c = cells[a][o[a]];
                    idx += c[rest % c.length] * inStrides[a];
                    rest /= c.length;
                }
                flat[start[p] + t] = idx;
            }
            start[p + 1] = start[p] + n;
            divisor[p] = div;
            for (int a = rank - 1; a >= 0 && ++o[a] == out[a]; a--) {
                o[a] = 0;
            }
        }
        return new Windows(start, Arrays.copyOf(flat, start[outSize]), divisor, Shape.of(g.kernel()).size());
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Windows w = windows(node, step.graph());
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        int n = step.inputShape(0).size();
        int m = step.outputShape(0).size();
        int outPlane = w.divisor().length;
        int planes = outPlane == 0 ? 0 : m / outPlane;
        int inPlane = planes == 0 ? 0 : n / planes;
        for (int k = 0; k < step.rows(); k++) {
            for (int plane = 0; plane < planes; plane++) {
                int aBase = k * m + plane * outPlane;
                int accBase = k * n + plane * inPlane;
                for (int p = 0; p < outPlane; p++) {
                    double v = a[aBase + p];
                    if (v == 0) {
                        continue;
                    }
                    v /= w.divisor()[p];
                    for (int t = w.start()[p]; t < w.start()[p + 1]; t++) {
                        acc[accBase + w.cells()[t]] += v;
                    }
                }
            }
        }
    }
}
