package io.netverify.bounds.lipschitz;

import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chain rules of Max and Min, the reductions (ReduceSum, ReduceMean, ReduceMax, ReduceMin), Where,
 * ConvTranspose, MatMul, Gemm, Resize and Upsample, and of the operators that keep the elements (Flatten,
 * Reshape, Squeeze, Unsqueeze, Dropout, Identity, a value-preserving Cast), on small nets that use them, checked as in
 * {@link StructuralGradientsTest#check}: finite differences, the exact gradient at eps = 0, and
 * 10^4 sampled gradients inside every method's bounds over narrow, wide and zero-touching boxes
 * (where the winning argument of the extrema changes inside the box).
 */
class ReductionAndProductGradientsTest {
    private static Attributes axes(long... a) {
        return Attributes.EMPTY.with("axes", a);
    }

    private static String view(RandomGraphs r, String v, long... shape) {
        return r.node("View", Attributes.EMPTY.with("shape", shape), v);
    }

    /**
     * Max and Min of two and three arguments (computed ones, a constant vector and a broadcast
     * constant scalar), and ReduceMax / ReduceMin over the last axis and over the first (transposed)
     * one, between tanh and linear layers; the extrema straight on the input too, so that ties are
     * crossed inside the boxes.
     */
    static Graph extremumNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String a = r.node("Tanh", r.linear("x", 6, 6));
        String b = r.linear("x", 6, 6);
        String max = r.node("Max", a, b, r.constant(Tensor.scalar(-0.2)));
        String min = r.node("Min", r.constant(r.gaussian(0.5, 6)), b, r.node("Neg", a));
        String onInput = r.node("Max", r.node("Slice", "x", StructuralGradientsTest.ints(r, 0), StructuralGradientsTest.ints(r, 3), StructuralGradientsTest.ints(r, 0)),
            r.node("Slice", "x", StructuralGradientsTest.ints(r, 3), StructuralGradientsTest.ints(r, 6), StructuralGradientsTest.ints(r, 0)));
        String grid = view(r, r.node("Tanh", r.linear("x", 6, 6)), 2, 3);
        String rowMax = r.node("ReduceMax", axes(1), grid);
        String colMin = r.node("ReduceMin", axes(0).with("keepdims", 0L), grid);
        String inputMin = r.node("ReduceMin", Attributes.EMPTY.with("keepdims", 0L), view(r, "x", 3, 2));
        String all = r.node("Concat", Attributes.EMPTY.with("axis", 0L), max, min, onInput, view(r, rowMax, 2), colMin,
            view(r, inputMin, 1));
        return r.build(Shape.of(6), r.linear(r.node("Tanh", all), 21, 2));
    }

    /** ReduceSum and ReduceMean (over one axis, over all with keepdims) and Where with a constant mask, computed and constant branches. */
    static Graph reductionNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = view(r, r.node("Tanh", r.linear("x", 4, 12)), 2, 3, 2);
        String sum = view(r, r.node("ReduceSum", Attributes.EMPTY.with("keepdims", 0L), h, StructuralGradientsTest.ints(r, 1)), 4);
        String mean = view(r, r.node("ReduceMean", axes(0, 2), h), 3);
        String all = view(r, r.node("ReduceMean", h), 1);
        String relu = r.node("Relu", r.linear("x", 4, 6));
        Tensor mask = Tensor.of(Shape.of(6), 1, 0, 0, 1, 1, 0);
        String where = r.node("Where", r.constant(mask), relu, r.node("Tanh", r.linear("x", 4, 6)));
        String half = r.node("Where", r.constant(mask), r.constant(r.gaussian(1, 6)), relu);
        String cat = r.node("Concat", Attributes.EMPTY.with("axis", 0L), sum, mean, all, where, half);
        return r.build(Shape.of(4), r.linear(r.node("Tanh", cat), 20, 2));
    }

    /** A convolution, ReLU, then a strided, padded, grouped ConvTranspose with output padding, tanh and a linear layer. */
    static Graph convTransposeNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String c = r.node("Relu", r.node("Conv", "x", r.constant(r.gaussian(0.5, 2, 1, 2, 2)), r.constant(r.gaussian(0.2, 2))));
        String t = r.node("ConvTranspose", Attributes.EMPTY.with("strides", new long[] {2, 2}).with("pads", new long[] {1, 0, 0, 1})
            .with("output_padding", new long[] {1, 0}).with("group", 2L), c, r.constant(r.gaussian(0.5, 2, 2, 3, 2)),
            r.constant(r.gaussian(0.2, 4)));
        // x [1,1,3,3] -> conv [1,2,2,2] -> transposed [1,4,5,3]
        return r.build(Shape.of(1, 1, 3, 3), r.linear(view(r, r.node("Tanh", t), 1, 60), 60, 2));
    }

    /**
     * MatMul of two computed matrices (batched), of a constant and a computed one, and Gemm with a
     * computed first operand (transposed) and with a computed second one (transposed), alpha and C.
     */
    static Graph productNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String a = view(r, r.node("Tanh", r.linear("x", 4, 12)), 2, 2, 3);
        String b = view(r, r.linear("x", 4, 12), 2, 3, 2);
        String ab = view(r, r.node("MatMul", a, b), 8);
        String ca = view(r, r.node("MatMul", r.constant(r.gaussian(0.7, 3, 2)), a), 18);
        String m = view(r, r.node("Tanh", r.linear("x", 4, 6)), 3, 2);
        String g1 = view(r, r.node("Gemm", Attributes.EMPTY.with("transA", 1L).with("alpha", 0.75), m,
            r.constant(r.gaussian(0.7, 3, 4)), r.constant(r.gaussian(0.3, 4))), 8);
        String g2 = view(r, r.node("Gemm", Attributes.EMPTY.with("transB", 1L).with("alpha", -1.5).with("beta", 0.5),
            r.constant(r.gaussian(0.7, 2, 2)), m, r.constant(r.gaussian(0.3, 2, 3))), 6);
        String cat = r.node("Concat", Attributes.EMPTY.with("axis", 0L), ab, ca, g1, g2);
        return r.build(Shape.of(4), r.linear(r.node("Tanh", cat), 40, 2));
    }

    /**
     * Resize in nearest mode (scales 2 and 2), in linear mode with align_corners (scales 1.5 and 2)
     * and in cubic mode (negative weights), and Upsample in linear mode, between tanh layers.
     */
    static Graph resamplingNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = view(r, r.node("Tanh", r.linear("x", 4, 6)), 1, 1, 2, 3);
        String nearest = r.node("Resize", Attributes.EMPTY.with("mode", "nearest"), h, "",
            r.constant(Tensor.of(Shape.of(4), 1, 1, 2, 2)));
        String linear = r.node("Resize", Attributes.EMPTY.with("mode", "linear").with("coordinate_transformation_mode", "align_corners"),
            h, "", r.constant(Tensor.of(Shape.of(4), 1, 1, 1.5, 2)));
        String cubic = r.node("Resize", Attributes.EMPTY.with("mode", "cubic"), h, "",
            r.constant(Tensor.of(Shape.of(4), 1, 1, 2, 1)));
        String up = r.node("Upsample", Attributes.EMPTY.with("mode", "linear").with("scales", new double[] {1, 1, 2, 2}), h);
        // [1,1,4,6], [1,1,3,6], [1,1,4,3], [1,1,4,6]
        String cat = r.node("Concat", Attributes.EMPTY.with("axis", 0L), view(r, nearest, 24), view(r, linear, 18),
            view(r, cubic, 12), view(r, up, 24));
        return r.build(Shape.of(4), r.linear(r.node("Tanh", cat), 78, 2));
    }

    /** Flatten, Reshape, Squeeze, Unsqueeze, Dropout, a Cast to DOUBLE and an Identity making the output, as un-normalised graphs have them. */
    static Graph reshapingNet(long seed) {
        RandomGraphs r = new RandomGraphs(seed);
        String h = r.node("Reshape", r.node("Tanh", r.linear("x", 3, 6)), StructuralGradientsTest.ints(r, 1, 2, 3));
        h = r.node("Unsqueeze", r.node("Squeeze", h, StructuralGradientsTest.ints(r, 0)), StructuralGradientsTest.ints(r, 2));
        h = r.node("Flatten", Attributes.EMPTY.with("axis", 0L), r.node("Dropout", h));
        h = r.node("Cast", Attributes.EMPTY.with("to", 11L), view(r, h, 6));
        return r.build(Shape.of(3), r.node("Identity", r.linear(r.node("Relu", h), 6, 2)));
    }

    @Test
    void maxMinAndReducedExtrema() {
        StructuralGradientsTest.check(extremumNet(1), new double[] {1, -0.5}, 21);
    }

    /**
     * At a point where every extremum ties (Max of two slices, ReduceMax of rows, Min against a
     * constant equal to the point), the bounds of every method at eps = 0 hold every one-sided
     * gradient (a Clarke element), and are not a point.
     */
    @Test
    void tiesGiveTheClarkeHull() {
        RandomGraphs r = new RandomGraphs(9);
        String max = r.node("Max", r.node("Slice", "x", StructuralGradientsTest.ints(r, 0), StructuralGradientsTest.ints(r, 2),
            StructuralGradientsTest.ints(r, 0)), r.node("Slice", "x", StructuralGradientsTest.ints(r, 2), StructuralGradientsTest.ints(r, 4),
            StructuralGradientsTest.ints(r, 0)));
        String rows = view(r, r.node("ReduceMax", axes(1), view(r, "x", 2, 2)), 2);
        String min = r.node("Min", view(r, "x", 4), r.constant(Tensor.of(Shape.of(4), 0.3, 0.3, 0.3, 0.3)));
        String cat = r.node("Concat", Attributes.EMPTY.with("axis", 0L), max, rows, min);
        Graph net = r.build(Shape.of(4), r.linear(cat, 8, 1));
        double[] tie = {0.3, 0.3, 0.3, 0.3};
        double[] c = {1};
        io.netverify.onnx.Evaluator grad = new io.netverify.onnx.Evaluator(JacobianGraph.gradient(net, c));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(10);
        double[][] sided = new double[200][];
        for (int s = 0; s < sided.length; s++) {
            double[] x = tie.clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += 1e-9 * (2 * rnd.nextDouble() - 1);
            }
            sided[s] = grad.evaluate(x);
        }
        for (Lipschitz.Method m : new Lipschitz.Method[] {Lipschitz.Method.IBP, Lipschitz.Method.CROWN, Lipschitz.Method.ALPHA_CROWN}) {
            LipschitzBound b = Lipschitz.of(net).method(m).samples(1, 1).bound(LipschitzTest.ball(tie, 0), c);
            for (double[] g : sided) {
                assertTrue(b.entries().contains(g, 0), m + ": a one-sided gradient outside the bounds at the tie");
            }
            double widest = 0;
            for (int i = 0; i < tie.length; i++) {
                widest = Math.max(widest, b.entries().upper()[i] - b.entries().lower()[i]);
            }
            assertTrue(widest > 0.01, m + ": the bounds at the tie are a point");
        }
    }

    /**
     * Max(h + 1, h) and Min(h, h + 1) over a box where the intervals of h and h + 1 overlap: the
     * winner never changes, and CROWN, bounding the difference itself, gives the exact gradient
     * (comparing the arguments' intervals could not tell the winner).
     */
    @Test
    void extremaOfCorrelatedArgumentsAreExact() {
        RandomGraphs r = new RandomGraphs(14);
        String h = r.linear("x", 3, 4);
        String shifted = r.node("Add", h, r.constant(Tensor.of(Shape.of(4), 1, 1, 1, 1)));
        String cat = r.node("Concat", Attributes.EMPTY.with("axis", 0L), r.node("Max", shifted, h), r.node("Min", h, shifted));
        Graph net = r.build(Shape.of(3), r.linear(cat, 8, 1));
        double[] c = {1};
        double[] g = new io.netverify.onnx.Evaluator(JacobianGraph.gradient(net, c)).evaluate(new double[3]);
        Interval box = LipschitzTest.ball(new double[3], 2);
        for (Lipschitz.Method m : new Lipschitz.Method[] {Lipschitz.Method.CROWN, Lipschitz.Method.ALPHA_CROWN}) {
            LipschitzBound b = Lipschitz.of(net).method(m).samples(10, 1).bound(box, c);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], b.entries().lower()[i], 1e-9, m + " entry " + i);
                assertEquals(g[i], b.entries().upper()[i], 1e-9, m + " entry " + i);
            }
        }
    }

    /** The extrema net's bounds hold for sampled gradients on boxes of widths 1e-300 and 1e300 too. */
    @Test
    void extremaAtExtremeMagnitudes() {
        Graph net = extremumNet(11);
        double[] c = {1, 2};
        io.netverify.onnx.Evaluator grad = new io.netverify.onnx.Evaluator(JacobianGraph.gradient(net, c));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(12);
        for (double eps : new double[] {1e-300, 1e300}) {
            Interval box = LipschitzTest.ball(LipschitzTest.randomPoint(rnd, LipschitzTest.ball(new double[6], eps)), eps);
            double[][] points = new double[1000][];
            for (int s = 0; s < points.length; s++) {
                points[s] = LipschitzTest.randomPoint(rnd, box);
            }
            double[][] grads = grad.evaluateBatch(points);
            for (Lipschitz.Method m : new Lipschitz.Method[] {Lipschitz.Method.IBP, Lipschitz.Method.CROWN}) {
                LipschitzBound b = Lipschitz.of(net).method(m).samples(10, 1).bound(box, c);
                for (double[] g : grads) {
                    assertTrue(InputNorm.LINF.dual(g) <= b.upper() && b.entries().contains(g, 0),
                        m + " eps " + eps + ": gradient of norm " + InputNorm.LINF.dual(g) + " outside the bounds, upper " + b.upper());
                }
            }
        }
    }

    @Test
    void sumsMeansAndWhere() {
        StructuralGradientsTest.check(reductionNet(2), new double[] {-1, 2}, 22);
    }

    @Test
    void convTranspose() {
        StructuralGradientsTest.check(convTransposeNet(3), new double[] {0.5, 1}, 23);
    }

    @Test
    void matMulAndGemm() {
        StructuralGradientsTest.check(productNet(4), new double[] {1, 1}, 24);
    }

    @Test
    void resizeAndUpsample() {
        StructuralGradientsTest.check(resamplingNet(7), new double[] {1, -1}, 25);
    }

    @Test
    void operatorsKeepingTheElements() {
        StructuralGradientsTest.check(reshapingNet(8), new double[] {1, 0.5}, 26);
    }

    /**
     * The gains of each operator alone (its naive bound for a unit weighting) are at least the
     * operator norms of its Jacobian's transpose at random points: the largest abs row sum (l_inf
     * inputs), the largest abs column sum (l_1 inputs), the spectral norm (l_2 inputs, by power
     * iteration), up to the rounding of the norms computed here (the naive bound itself rounds outward).
     */
    @Test
    void gainsBoundEachOperatorAlone() {
        java.util.List<Graph> nets = new java.util.ArrayList<>();
        nets.add(alone(Shape.of(2, 3, 2), (r, x) -> r.node("ReduceSum", x, StructuralGradientsTest.ints(r, 1))));
        nets.add(alone(Shape.of(2, 3, 2), (r, x) -> r.node("ReduceMean", axes(0, 2), x)));
        nets.add(alone(Shape.of(2, 3), (r, x) -> r.node("ReduceMax", axes(1), x)));
        nets.add(alone(Shape.of(2, 3), (r, x) -> r.node("Min", x, r.node("Neg", x), r.constant(Tensor.scalar(0.1)))));
        nets.add(alone(Shape.of(1, 1, 2, 3), (r, x) -> r.node("Resize", Attributes.EMPTY.with("mode", "linear"), x, "",
            r.constant(Tensor.of(Shape.of(4), 1, 1, 2, 1.5)))));
        nets.add(alone(Shape.of(1, 1, 2, 3), (r, x) -> r.node("Resize", Attributes.EMPTY.with("mode", "cubic"), x, "",
            r.constant(Tensor.of(Shape.of(4), 1, 1, 2, 2)))));
        nets.add(alone(Shape.of(1, 2, 2, 2), (r, x) -> r.node("ConvTranspose", Attributes.EMPTY.with("strides", new long[] {2, 1})
            .with("group", 2L), x, r.constant(r.gaussian(0.5, 2, 2, 3, 2)))));
        nets.add(alone(Shape.of(1, 1, 2, 2), (r, x) -> r.node("ConvTranspose", x, r.constant(r.gaussian(0.5, 1, 3, 2, 2)))));
        nets.add(alone(Shape.of(3, 2), (r, x) -> r.node("Gemm", Attributes.EMPTY.with("transA", 1L).with("alpha", 0.75), x,
            r.constant(r.gaussian(0.7, 3, 4)))));
        nets.add(alone(Shape.of(3, 2), (r, x) -> r.node("Gemm", Attributes.EMPTY.with("transB", 1L).with("alpha", -1.5),
            r.constant(r.gaussian(0.7, 4, 2)), x)));
        nets.add(alone(Shape.of(2, 2, 3), (r, x) -> r.node("MatMul", r.constant(r.gaussian(0.7, 4, 2)), x)));
        nets.add(alone(Shape.of(2, 2, 3), (r, x) -> r.node("MatMul", x, r.constant(r.gaussian(0.7, 2, 3, 2)))));
        nets.add(alone(Shape.of(3), (r, x) -> r.node("Where", r.constant(Tensor.of(Shape.of(2, 3), 1, 0, 1, 0, 0, 1)), x,
            r.node("Neg", x))));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(13);
        for (Graph net : nets) {
            String op = net.nodes().get(net.nodes().size() - 2).opType();
            int n = net.inputs().get(0).shape().size();
            int m = net.shape(net.outputs().get(0)).size();
            io.netverify.onnx.Evaluator[] rows = new io.netverify.onnx.Evaluator[m];
            for (int k = 0; k < m; k++) {
                double[] e = new double[m];
                e[k] = 1;
                rows[k] = new io.netverify.onnx.Evaluator(JacobianGraph.gradient(net, e));
            }
            double[] unit = new double[m];
            unit[0] = 1;
            for (int t = 0; t < 4; t++) {
                double[] x = LipschitzTest.randomPoint(rnd, LipschitzTest.ball(new double[n], 2));
                double[][] j = new double[m][];
                for (int k = 0; k < m; k++) {
                    j[k] = rows[k].evaluate(x);
                }
                for (InputNorm norm : InputNorm.values()) {
                    double exact = operatorNorm(j, norm);
                    double naive = JacobianGraph.naive(net, unit, norm);
                    assertTrue(exact <= naive * (1 + 1e-12), op + " " + norm + ": operator norm " + exact + " above the gain " + naive);
                }
            }
        }
    }

    /** The norm of J^T in the dual of {@code norm} (J has one row per output). */
    private static double operatorNorm(double[][] j, InputNorm norm) {
        int m = j.length;
        int n = j[0].length;
        double best = 0;
        switch (norm) {
            case LINF -> {
                for (double[] row : j) {
                    best = Math.max(best, java.util.Arrays.stream(row).map(Math::abs).sum());
                }
            }
            case L1 -> {
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (double[] row : j) {
                        s += Math.abs(row[i]);
                    }
                    best = Math.max(best, s);
                }
            }
            case L2 -> {
                // power iteration on J J^T, from all ones (a lower estimate of the spectral norm)
                double[] v = new double[m];
                java.util.Arrays.fill(v, 1);
                for (int it = 0; it < 200; it++) {
                    double[] u = new double[n];
                    for (int k = 0; k < m; k++) {
                        for (int i = 0; i < n; i++) {
                            u[i] += j[k][i] * v[k];
                        }
                    }
                    double[] w = new double[m];
                    for (int k = 0; k < m; k++) {
                        for (int i = 0; i < n; i++) {
                            w[k] += j[k][i] * u[i];
                        }
                    }
                    double len = Math.sqrt(java.util.Arrays.stream(w).map(a -> a * a).sum());
                    if (len == 0) {
                        return 0;
                    }
                    best = Math.sqrt(len / Math.sqrt(java.util.Arrays.stream(v).map(a -> a * a).sum()));
                    for (int k = 0; k < m; k++) {
                        v[k] = w[k] / len;
                    }
                }
            }
        }
        return best;
    }

    /** x of the given shape, one operator, its output flattened. */
    private static Graph alone(Shape x, java.util.function.BiFunction<RandomGraphs, String, String> op) {
        RandomGraphs r = new RandomGraphs(x.size());
        String y = op.apply(r, "x");
        return r.build(x, r.node("Flatten", Attributes.EMPTY.with("axis", 0L), y));
    }

    @Test
    void unsupportedFormsNameTheNode() {
        RandomGraphs r = new RandomGraphs(5);
        String a = r.linear("x", 2, 4);
        String gemm = r.node("Gemm", view(r, a, 2, 2), view(r, r.linear("x", 2, 4), 2, 2));
        Graph both = r.build(Shape.of(2), view(r, gemm, 4));
        refused(both, "Gemm", "two computed operands");
        RandomGraphs w = new RandomGraphs(6);
        String h = w.linear("x", 2, 3);
        Graph where = w.build(Shape.of(2), w.node("Where", w.node("Relu", h), h, h));
        refused(where, "Where", "must be a constant");
        RandomGraphs c = new RandomGraphs(7);
        Graph cast = c.build(Shape.of(2), c.node("Cast", Attributes.EMPTY.with("to", 1L), c.linear("x", 2, 2)));
        refused(cast, "Cast", "rounds");
        refused(alone(Shape.of(2, 3), (q, x) -> q.node("MatMul", x, view(q, q.node("Neg", x), 2, 3, 1))), "MatMul", "broadcast");
        refused(alone(Shape.of(1, 1, 2, 2), (q, x) -> q.node("ConvTranspose", Attributes.EMPTY.with("output_shape", new long[] {3, 3}), x,
            q.constant(q.gaussian(1, 1, 1, 2, 2)))), "ConvTranspose", "output_shape");
    }

    private static void refused(Graph net, String op, String what) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> JacobianGraph.gradient(net, new double[net.shape(net.outputs().get(0)).size()]));
        assertTrue(e.getMessage().contains(op) && e.getMessage().contains(what), e.getMessage());
    }
}
