package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Base of Conv and ConvTranspose, {@code y = K x + b} with constant weights, never materialising K.
 * IBP in centre/radius form with the evaluator itself: {@code K c + b +- |K| r}. Backward: row by
 * row on each row's window of non-zero coefficients where the operator has a {@link #windowAdjoint}
 * (Conv), else all rows of A at once as a batch through the adjoint operator (ConvTranspose for Conv
 * and vice versa, with the same weight tensor, strides, dilations, begin pads and groups); memory
 * stays O(rows x size) either way.
 */
public abstract class ConvolutionRelaxation implements Relaxation {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Chunks of rows per core for the adjoint, so that uneven chunks still balance. */
    private static final int CHUNKS_PER_CORE = 4;
    private final NodeCache<Node> adjoints = new NodeCache<>();
    private final NodeCache<java.util.Optional<ConvWindowAdjoint>> windowAdjoints = new NodeCache<>();

    /**
     * The node computing {@code K^T} on a batch, given this node's geometry and spatial sizes; its
     * output may extend past the input's spatial size (cropped), never fall short of it.
     */
    protected abstract Node adjoint(Node node, WindowGeometry g, int[] in, int[] out);

    /** This node's geometry (spatial input {@code in}, output {@code out}). */
    protected abstract WindowGeometry geometry(Node node, int[] in, int[] kernel, int[] out);

    /**
     * The adjoint restricted to each row's non-zero window (see {@link ConvWindowAdjoint}), or null
     * where this operator has none (then the whole rows go through {@link #adjoint}).
     */
    protected ConvWindowAdjoint windowAdjoint(Node node, WindowGeometry g, Shape xs, Shape ys, Tensor w) {
        return null;
    }

    /** Products summed into one output, for the rounding bound. */
    protected abstract long terms(Shape weights, long groups);

    @Override
    public List<Interval> interval(Node node, List<Interval> inputs, Graph graph) {
        OperatorCalls.requireConstant(node, graph, i -> i == 0);
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.input(2).isEmpty() ? null : graph.constant(node.input(2));
        Tensor absW = abs(w);
        double[][] cr = OutwardRounding.centreRadius(inputs.get(0));
        double[] c = cr[0];
        double[] r = cr[1];
        double[] m = new double[c.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.nextUp(Math.abs(c[i]) + r[i]);
        }
        Shape xs = graph.shape(node.input(0));
        double[] centre = apply(node, new Tensor(DataType.DOUBLE, xs, c), w, b);
        double[] radius = apply(node, new Tensor(DataType.DOUBLE, xs, r), absW, null);
        double[] magnitude = apply(node, new Tensor(DataType.DOUBLE, xs, m), absW, b == null ? null : abs(b));
        double[] lo = new double[centre.length];
        double[] hi = new double[centre.length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = centre[i] - radius[i];
            hi[i] = centre[i] + radius[i];
        }
        long n = terms(w.shape(), node.attributes().getInt("group", 1)) + 1;
        // 2 gamma for the evaluator's sums and ours, 1 more for forming centre -+ radius
        return List.of(OutwardRounding.widen(lo, hi, magnitude, 3, n));
    }

    private static double[] apply(Node node, Tensor x, Tensor w, Tensor b) {
        List<Tensor> args = new ArrayList<>(Arrays.asList(x, w));
        if (node.inputs().size() > 2) {
            args.add(b);
        }
        return OperatorCalls.evaluate(node, args).get(0).backingArray();
    }

    /**
     * The operator on {@code rows} inputs at once, as alpha-CROWN's forward evaluation needs it: the
     * rows become batch elements of one call (the kernel computes each batch element alone, so each
     * row's output is bit-identical to evaluating that row by itself), chunks of rows in parallel.
     * Null unless the data input alone varies.
     */
    @Override
    public double[][] evaluateRows(Node node, Graph graph, int rows, double[][] inputs) {
        for (int i = 0; i < node.inputs().size(); i++) {
            if (!node.input(i).isEmpty() && graph.isConstant(node.input(i)) == (i == 0)) {
                return null;
            }
        }
        Shape xs = graph.shape(node.input(0));
        Shape ys = graph.shape(node.output());
        Tensor w = graph.constant(node.input(1));
        Tensor b = node.inputs().size() > 2 && !node.input(2).isEmpty() ? graph.constant(node.input(2)) : null;
        DataType type = graph.info(node.input(0)).type();
        double[] y = new double[rows * ys.size()];
        int chunk = chunk(rows);
        Rows.range((rows + chunk - 1) / chunk, (long) chunk * ys.size() * w.size() / Math.max(1, ys.dim(1))).forEach(c -> {
            int from = c * chunk;
            int count = Math.min(rows, from + chunk) - from;
            int[] dims = xs.dims();
            dims[0] = count * xs.dim(0);
            double[] part = Arrays.copyOfRange(inputs[0], from * xs.size(), (from + count) * xs.size());
            double[] r = apply(node, new Tensor(type, Shape.of(dims), part), w, b);
            System.arraycopy(r, 0, y, from * ys.size(), r.length);
        });
        return new double[][] {y};
    }

    private static Tensor abs(Tensor t) {
        return new Tensor(t.type(), t.shape(), OutwardRounding.magnitude(Interval.of(t)));
    }

    @Override
    public void backward(Node node, BackwardStep step) {
        Graph graph = step.graph();
        OperatorCalls.requireConstant(node, graph, i -> i == 0);
        Shape xs = step.inputShape(0);
        Shape ys = step.outputShape(0);
        Tensor w = step.constant(1);
        Tensor b = node.input(2).isEmpty() ? null : step.constant(2);
        int[] in = spatial(xs);
        int[] out = spatial(ys);
        ConvWindowAdjoint windowed = windowAdjoints.get(graph, node, () -> java.util.Optional.ofNullable(
            windowAdjoint(node, geometry(node, in, spatial(w.shape()), out), xs, ys, w))).orElse(null);
        if (windowed != null) {
            backwardByWindows(windowed, step, xs, ys, b);
            return;
        }
        Node adj = adjoints.get(graph, node, () -> {
            int[] kernel = spatial(w.shape());
            return adjoint(node, geometry(node, in, kernel, out), in, out);
        });
        int rows = step.rows();
        int batch = xs.dim(0);
        double[] a = step.coefficients();
        double[] acc = step.accumulator(0);
        int outRow = ys.size();
        int inRow = xs.size();
        // the adjoint runs on chunks of rows in parallel, each adding into its own rows of acc
        int chunk = chunk(rows);
        Rows.range((rows + chunk - 1) / chunk, (long) chunk * outRow * w.size() / Math.max(1, ys.dim(1))).forEach(c -> {
            int from = c * chunk;
            int count = Math.min(rows, from + chunk) - from;
            int[] dims = ys.dims();
            dims[0] = count * batch;
            double[] part = Arrays.copyOfRange(a, from * outRow, (from + count) * outRow);
            Tensor r = OperatorCalls.evaluate(adj, List.of(new Tensor(DataType.DOUBLE, Shape.of(dims), part), w)).get(0);
            double[] g = crop(r.backingArray(), count * batch * xs.dim(1), spatial(r.shape()), in);
            int base = from * inRow;
            for (int i = 0; i < g.length; i++) {
                acc[base + i] += g[i];
            }
        });
        if (b != null) {
            int channels = ys.dim(1);
            int plane = outRow / (batch * channels);
            double[] bias = step.bias();
            double[] bd = b.backingArray();
            // per channel: the plane's coefficients summed, times the channel's bias
            Rows.range(rows, outRow).forEach(k -> {
                double s = 0;
                for (int q = 0; q < batch * channels; q++) {
                    int from = k * outRow + q * plane;
                    double t = 0;
                    for (int i = from; i < from + plane; i++) {
                        t += a[i];
                    }
                    s += t * bd[q % channels];
                }
                bias[k] += s;
            });
        }
    }

    /** Rows per parallel chunk: CHUNKS_PER_CORE chunks per core. */
    private static int chunk(int rows) {
        return Math.max(1, (rows + CHUNKS_PER_CORE * CORES - 1) / (CHUNKS_PER_CORE * CORES));
    }

    /**
     * The backward step row by row through the windowed adjoint, chunks of rows in parallel (each with
     * its own scratch): a row whose window is known is searched for non-zeros there only, and the
     * input box each row was written on widens the input's windows.
     */
    private static void backwardByWindows(ConvWindowAdjoint windowed, BackwardStep step, Shape xs, Shape ys, Tensor b) {
        int rows = step.rows();
        int batch = xs.dim(0);
        double[] a = step.coefficients();
        RowWindows known = step.windows(0);
        double[] acc = step.windowedAccumulator(0);
        RowWindows written = step.accumulatorWindows(0);
        double[] bias = step.bias();
        double[] bd = b == null ? null : b.backingArray();
        int outUnit = ys.size() / batch;
        int inUnit = xs.size() / batch;
        int chunk = chunk(rows);
        Rows.range((rows + chunk - 1) / chunk, (long) chunk * ys.size() * xs.dim(1)).forEach(c -> {
            ConvWindowAdjoint.Scratch s = windowed.scratch();
            for (int k = c * chunk; k < Math.min(rows, (c + 1) * chunk); k++) {
                if (known != null) {
                    windowed.scan(s, known, k);
                }
                double t = 0;
                for (int n = 0; n < batch; n++) {
                    int unit = k * batch + n;
                    t += windowed.add(a, unit * outUnit, acc, unit * inUnit, bd, s);
                    if (written != null) {
                        written.include(k, s.inLo, s.inHi);
                    }
                }
                bias[k] += t;
            }
        });
    }

    private static int[] spatial(Shape s) {
        return Arrays.copyOfRange(s.dims(), 2, s.rank());
    }

    /** The leading {@code to} positions of each of {@code planes} planes of spatial size {@code from} (from >= to per axis). */
    private static double[] crop(double[] data, int planes, int[] from, int[] to) {
        if (Arrays.equals(from, to)) {
            return data;
        }
        int fromSize = Shape.of(from).size();
        int toSize = Shape.of(to).size();
        int[] strides = Shape.of(from).strides();
        int[] map = new int[toSize];
        int[] idx = new int[to.length];
        for (int p = 0; p < toSize; p++) {
            int src = 0;
            for (int a = 0; a < to.length; a++) {
                src += idx[a] * strides[a];
            }
            map[p] = src;
            for (int a = to.length - 1; a >= 0 && ++idx[a] == to[a]; a--) {
                idx[a] = 0;
            }
        }
        double[] r = new double[planes * toSize];
        for (int q = 0; q < planes; q++) {
            for (int p = 0; p < toSize; p++) {
                r[q * toSize + p] = data[q * fromSize + map[p]];
            }
        }
        return r;
    }
}
