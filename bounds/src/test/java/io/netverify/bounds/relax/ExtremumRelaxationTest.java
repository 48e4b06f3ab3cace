package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Operators;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.netverify.bounds.relax.RelaxationHarness.ANY;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.MIXED;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.NEGATIVE;
import static io.netverify.bounds.relax.RelaxationHarness.Kind.POSITIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Max, Min, ReduceMax, ReduceMin, MaxPool, GlobalMaxPool. */
class ExtremumRelaxationTest {

    @Test
    void maxAndMinOfBroadcastInputsAreSound() {
        for (String op : List.of("Max", "Min")) {
            RelaxationHarness.of(1, op, Attributes.EMPTY, Input.computed(ANY, 2, 3), Input.computed(ANY, 3)).check(10, 1000);
            RelaxationHarness.of(2, op, Attributes.EMPTY, Input.computed(ANY, 4), Input.computed(ANY, 4),
                Input.computed(ANY, 1)).check(5, 1000);
            RelaxationHarness.of(3, op, Attributes.EMPTY, Input.computed(ANY, 2, 2),
                Input.constant(Tensor.of(Shape.of(2), 0, 0.5))).check(5, 1000);
        }
    }

    @Test
    void dominatingCandidateIsExact() {
        RelaxationHarness.Kind[] pos = {POSITIVE};
        RelaxationHarness.Kind[] neg = {NEGATIVE};
        double gap = RelaxationHarness.of(4, "Max", Attributes.EMPTY, Input.computed(neg, 5), Input.computed(pos, 5)).check(3, 300);
        assertTrue(gap < 1e-12, "gap " + gap);
        gap = RelaxationHarness.of(5, "Min", Attributes.EMPTY, Input.computed(neg, 5), Input.computed(pos, 5)).check(3, 300);
        assertTrue(gap < 1e-12, "gap " + gap);
    }

    @Test
    void reductionsAreSoundForEveryAxesForm() {
        for (String op : List.of("ReduceMax", "ReduceMin")) {
            RelaxationHarness.of(6, op, Attributes.of("axes", new long[] {1}, "keepdims", 0L), Input.computed(ANY, 2, 3, 2)).check(5, 1000);
            RelaxationHarness.of(7, op, Attributes.EMPTY, Input.computed(ANY, 2, 3),
                Input.constant(Tensor.ints(-1, 0))).check(5, 1000);
            RelaxationHarness.of(8, op, Attributes.EMPTY, Input.computed(ANY, 3, 2)).check(5, 1000);
            RelaxationHarness.of(9, op, Attributes.of("noop_with_empty_axes", 1L), Input.computed(ANY, 3)).check(2, 500);
        }
    }

    @Test
    void maxPoolIsSoundForEveryGeometry() {
        List<Attributes> geometries = List.of(
            Attributes.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}),
            Attributes.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1}),
            Attributes.of("kernel_shape", new long[] {2, 2}, "dilations", new long[] {2, 1}, "pads", new long[] {0, 1, 1, 0}),
            Attributes.of("kernel_shape", new long[] {2, 3}, "strides", new long[] {2, 2}, "ceil_mode", 1L),
            Attributes.of("kernel_shape", new long[] {3, 2}, "strides", new long[] {2, 1}, "auto_pad", "SAME_UPPER"),
            Attributes.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2}, "auto_pad", "SAME_LOWER"));
        long seed = 10;
        for (Attributes a : geometries) {
            Shape x = Shape.of(1, 2, 5, 5);
            pool(seed++, "MaxPool", a, x).check(3, 1000);
        }
        pool(seed, "MaxPool", Attributes.of("kernel_shape", new long[] {3}, "strides", new long[] {2}), Shape.of(2, 1, 7)).check(3, 1000);
    }

    @Test
    void globalMaxPoolIsSound() {
        pool(20, "GlobalMaxPool", Attributes.EMPTY, Shape.of(2, 2, 2, 3)).check(5, 1000);
    }

    @Test
    void naivePoolingReferenceMatchesTheEvaluatorWhenItHasTheOperator() {
        Attributes a = Attributes.of("kernel_shape", new long[] {2, 3}, "strides", new long[] {2, 2}, "pads", new long[] {1, 0, 0, 1},
            "ceil_mode", 1L);
        Tensor x = Tensor.of(Shape.of(1, 1, 4, 5), java.util.stream.IntStream.range(0, 20).mapToDouble(i -> (i * 7) % 11 - 5.0).toArray());
        Node node = new Node("p", "MaxPool", List.of("x"), List.of("y"), a);
        Tensor naive = naivePool(node, x);
        // hand-checked: 3 x 3 output; first window covers padding row and x[0, 0..2]
        assertEquals(Shape.of(1, 1, 3, 3), naive.shape());
        assertEquals(Math.max(Math.max(x.get(0), x.get(1)), x.get(2)), naive.get(0));
        Operators.find("MaxPool").ifPresent(op -> {
            Tensor y = op.evaluate(node, List.of(x)).get(0);
            assertEquals(naive.shape(), y.shape());
            assertEquals(Arrays.toString(naive.data()), Arrays.toString(y.data()));
        });
    }

    @Test
    void alphaGradientMatchesFiniteDifferences() {
        RelaxationHarness.of(21, "Max", Attributes.EMPTY, Input.computed(ANY, 2, 3), Input.computed(ANY, 2, 3)).checkGradient(20);
        // overlapping intervals, so that windows are not decided and the upper plane is used
        RelaxationHarness.Kind[] mixed = {MIXED};
        pool(22, "MaxPool", Attributes.of("kernel_shape", new long[] {2, 2}), Shape.of(1, 1, 3, 3), mixed).checkGradient(20);
    }

    /** A pooling harness checked against the evaluator's operator when the build has it, else the naive reference. */
    private static RelaxationHarness pool(long seed, String op, Attributes a, Shape x) {
        return pool(seed, op, a, x, ANY);
    }

    private static RelaxationHarness pool(long seed, String op, Attributes a, Shape x, RelaxationHarness.Kind[] kinds) {
        if (Operators.isSupported(op)) {
            return RelaxationHarness.of(seed, op, a, Input.computed(kinds, x.dims()));
        }
        Node probe = new Node("probe", op, List.of("x"), List.of("y"), a);
        Shape out = naivePool(probe, Tensor.zeros(io.netverify.onnx.DataType.DOUBLE, x)).shape();
        return new RelaxationHarness(seed, op, a, (n, t) -> naivePool(n, t.get(0)), out, Input.computed(kinds, x.dims()));
    }

    /**
     * Max pooling straight from the ONNX text: output extent floor (or ceil with ceil_mode, minus a
     * last window starting in the end padding) of (in + pads - dilated kernel) / stride + 1; SAME_*
     * auto_pad gives ceil(in / stride) with the total padding split (extra at the end for UPPER).
     * GlobalMaxPool is the window covering the whole plane.
     */
    static Tensor naivePool(Node node, Tensor x) {
        int axes = x.shape().rank() - 2;
        int[] in = Arrays.copyOfRange(x.shape().dims(), 2, x.shape().rank());
        boolean global = node.opType().equals("GlobalMaxPool");
        int[] k = global ? in : toInts(node.attributes().getInts("kernel_shape", null));
        int[] s = fill(node, "strides", axes, 1);
        int[] d = fill(node, "dilations", axes, 1);
        int[] pads = fill(node, "pads", 2 * axes, 0);
        String auto = node.attributes().getString("auto_pad", "NOTSET");
        boolean ceil = node.attributes().getInt("ceil_mode", 0) != 0;
        int[] out = new int[axes];
        int[] begin = new int[axes];
        for (int a = 0; a < axes; a++) {
            int extent = (k[a] - 1) * d[a] + 1;
            if (auto.startsWith("SAME")) {
                out[a] = (in[a] + s[a] - 1) / s[a];
                int total = Math.max(0, (out[a] - 1) * s[a] + extent - in[a]);
                begin[a] = auto.equals("SAME_UPPER") ? total / 2 : (total + 1) / 2;
                continue;
            }
            int pb = auto.equals("VALID") ? 0 : pads[a];
            int pe = auto.equals("VALID") ? 0 : pads[a + axes];
            int span = in[a] + pb + pe - extent;
            out[a] = ceil ? (int) Math.ceil(span / (double) s[a]) + 1 : span / s[a] + 1;
            if (ceil && (out[a] - 1) * s[a] >= in[a] + pb) {
                out[a]--;
            }
            begin[a] = pb;
        }
        int[] dims = new int[axes + 2];
        dims[0] = x.shape().dim(0);
        dims[1] = x.shape().dim(1);
        System.arraycopy(out, 0, dims, 2, axes);
        Shape os = Shape.of(dims);
        double[] y = new double[os.size()];
        int planes = dims[0] * dims[1];
        int inPlane = x.size() / planes;
        int outPlane = y.length / planes;
        for (int p = 0; p < planes; p++) {
            for (int o = 0; o < outPlane; o++) {
                int[] oi = unflatten(o, out);
                double best = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < Shape.of(k).size(); t++) {
                    int[] ti = unflatten(t, k);
                    int flat = 0;
                    boolean inside = true;
                    for (int a = 0; a < axes; a++) {
                        int pos = oi[a] * s[a] - begin[a] + ti[a] * d[a];
                        inside &= pos >= 0 && pos < in[a];
                        flat = flat * in[a] + pos;
                    }
                    if (inside) {
                        best = Math.max(best, x.get(p * inPlane + flat));
                    }
                }
                y[p * outPlane + o] = best;
            }
        }
        return Tensor.of(os, y);
    }

    private static int[] fill(Node node, String name, int count, int value) {
        long[] v = node.attributes().getInts(name, null);
        if (v == null) {
            int[] r = new int[count];
            Arrays.fill(r, value);
            return r;
        }
        return toInts(v);
    }

    private static int[] toInts(long[] v) {
        return Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
    }

    private static int[] unflatten(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
        return idx;
    }
}
