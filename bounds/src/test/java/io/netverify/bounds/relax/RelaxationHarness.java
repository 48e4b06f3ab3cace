package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import io.netverify.onnx.ops.Operator;
import io.netverify.onnx.ops.Operators;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sampling soundness of one relaxation on a one-node graph: random input boxes, random points in
 * them evaluated exactly (by the evaluator's operator, or a given reference), checked against the
 * IBP interval and, for unit rows (+-e_j, each line alone) and random coefficient rows A, against
 * the backward step's lower bound {@code A out >= A' in + b}, for plain CROWN, the default
 * alpha-CROWN parameters and random feasible ones (whose recorded linearisation must reproduce
 * {@code A' in + b}).
 *
 * <p>Both sides are evaluated exactly (BigDecimal), so the only slack allowed is the proven rounding
 * error of the backward step's own sums, which the propagator adds to every bound: for a row with m
 * nonzero coefficients, gamma(m p + 2) (p: the most terms one output element can contribute to a
 * sum, 1 for an element-wise relaxation) times the sum over its elements of |a_kj| times the
 * magnitude of the element's terms (|intercept| + sum |slope x|, from the unit rows). An element-wise
 * relaxation computes a unit row without any rounding (a +-1 coefficient times one line), so its
 * unit rows are checked with no slack at all: a line moved inward by one ulp where it touches the
 * function fails.
 */
final class RelaxationHarness {
    /**
     * Kinds of element intervals; the last ones at the ends of float64: magnitudes 1e-300..1e-100
     * (TINY) and 1e100..1e300 (HUGE) of either sign with widths from 0 to the magnitude, widths up to
     * [-1e300, 1e300] (VAST), and subnormal numbers; then intervals with one end at 0, [0, u]
     * (ZERO_LOWER) and [l, 0] (ZERO_UPPER).
     */
    enum Kind { NARROW, WIDE, POSITIVE, NEGATIVE, MIXED, POINT, NARROW_POSITIVE, TINY, HUGE, VAST, SUBNORMAL, ZERO_LOWER, ZERO_UPPER }

    static final Kind[] ANY = {Kind.NARROW, Kind.WIDE, Kind.POSITIVE, Kind.NEGATIVE, Kind.MIXED, Kind.POINT, Kind.NARROW_POSITIVE};
    static final Kind[] SIGNED = {Kind.POSITIVE, Kind.NEGATIVE};
    /** Extreme intervals, together with ordinary ones (products of both reach every magnitude). */
    static final Kind[] EXTREME = {Kind.NARROW, Kind.WIDE, Kind.POSITIVE, Kind.NEGATIVE, Kind.MIXED, Kind.POINT,
        Kind.NARROW_POSITIVE, Kind.TINY, Kind.HUGE, Kind.VAST, Kind.SUBNORMAL};
    /** Extreme intervals of one sign (a divisor's). */
    static final Kind[] EXTREME_SIGNED = {Kind.POSITIVE, Kind.NEGATIVE, Kind.TINY, Kind.HUGE, Kind.SUBNORMAL};

    /** How an input is given: a computed input with element intervals of the given kinds, or a constant. */
    record Input(Shape shape, Kind[] kinds, Tensor constant) {
        static Input computed(Kind[] kinds, int... dims) {
            return new Input(Shape.of(dims), kinds, null);
        }

        static Input constant(Tensor t) {
            return new Input(t.shape(), null, t);
        }
    }

    /** The exact output for input tensors. */
    @FunctionalInterface
    interface Reference {
        Tensor evaluate(Node node, List<Tensor> inputs);
    }

    private static final int ROWS = 6;
    private final SplittableRandom rnd;
    private final Node node;
    private final List<Input> inputs;
    private final Graph graph;
    private final Reference reference;
    private List<Interval> boxes;
    private double boxScale = 1;
    private Relaxation relaxation;
    /** The exact outputs of a product operator, learnt when first needed (see {@link #exactOutputs}). */
    private ExactOutputs exact;

    RelaxationHarness(long seed, String op, Attributes attrs, Reference reference, Shape outShape, Input... inputs) {
        this.rnd = new SplittableRandom(seed);
        this.inputs = List.of(inputs);
        List<String> names = new ArrayList<>();
        Map<String, Tensor> constants = new LinkedHashMap<>();
        Map<String, ValueInfo> values = new LinkedHashMap<>();
        List<ValueInfo> graphInputs = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            String name = "in" + i;
            names.add(name);
            ValueInfo v = new ValueInfo(name, DataType.DOUBLE, inputs[i].shape());
            values.put(name, v);
            if (inputs[i].constant() != null) {
                constants.put(name, inputs[i].constant());
            } else {
                graphInputs.add(v);
            }
        }
        this.node = new Node("n_" + op, op, names, List.of("out"), attrs);
        Shape out = outShape;
        if (out == null) {
            Operator operator = Operators.find(op).orElseThrow();
            List<ValueInfo> infos = new ArrayList<>(values.values());
            List<Tensor> consts = names.stream().map(constants::get).toList();
            out = operator.infer(node, infos, consts).get(0).shape();
        }
        values.put("out", new ValueInfo("out", DataType.DOUBLE, out));
        this.graph = new Graph(op, 17, graphInputs, List.of("out"), List.of(node), constants, values);
        this.reference = reference;
        newBoxes();
    }

    /** A harness whose reference is the evaluator's operator, output shape inferred by it. */
    static RelaxationHarness of(long seed, String op, Attributes attrs, Input... inputs) {
        Operator operator = Operators.find(op).orElseThrow();
        return new RelaxationHarness(seed, op, attrs, (n, t) -> operator.evaluate(n, t).get(0), null, inputs);
    }

    Graph graph() {
        return graph;
    }

    Node node() {
        return node;
    }

    Relaxation relaxation() {
        return relaxation != null ? relaxation : Relaxations.find(node.opType()).orElseThrow();
    }

    /** Checks the given relaxation of the node instead of the registered one (e.g. a deliberately broken one). */
    RelaxationHarness using(Relaxation r) {
        relaxation = r;
        return this;
    }

    /** Scales every box drawn from now on (e.g. to reach overflow-prone magnitudes). */
    RelaxationHarness scaled(double factor) {
        boxScale = factor;
        newBoxes();
        return this;
    }

    /** Draws new input boxes. */
    void newBoxes() {
        boxes = new ArrayList<>();
        for (Input in : inputs) {
            if (in.constant() != null) {
                boxes.add(Interval.of(in.constant()));
                continue;
            }
            int n = in.shape().size();
            double[] l = new double[n];
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                element(in.kinds()[rnd.nextInt(in.kinds().length)], l, u, i);
                l[i] *= boxScale;
                u[i] *= boxScale;
            }
            boxes.add(new Interval(l, u));
        }
    }

    private void element(Kind kind, double[] l, double[] u, int i) {
        double c = rnd.nextDouble(-3, 3);
        switch (kind) {
            case NARROW -> {
                double w = rnd.nextDouble() * 1e-3;
                l[i] = c - w;
                u[i] = c + w;
            }
            case WIDE -> {
                double w = rnd.nextDouble() * 4;
                l[i] = c - w;
                u[i] = c + w;
            }
            case POSITIVE -> {
                l[i] = rnd.nextDouble(0.05, 2);
                u[i] = l[i] + rnd.nextDouble() * 3;
            }
            case NEGATIVE -> {
                u[i] = -rnd.nextDouble(0.05, 2);
                l[i] = u[i] - rnd.nextDouble() * 3;
            }
            case MIXED -> {
                l[i] = -rnd.nextDouble(0.01, 3);
                u[i] = rnd.nextDouble(0.01, 3);
            }
            case NARROW_POSITIVE -> {
                l[i] = rnd.nextDouble(0.5, 3);
                u[i] = l[i] + rnd.nextDouble() * 1e-3;
            }
            case POINT -> {
                l[i] = c;
                u[i] = c;
            }
            case TINY, HUGE, SUBNORMAL -> {
                double a = kind == Kind.SUBNORMAL ? Double.MIN_VALUE * (1 + rnd.nextLong(1L << 51))
                    : Math.pow(10, kind == Kind.TINY ? rnd.nextDouble(-300, -100) : rnd.nextDouble(100, 300));
                double w = rnd.nextInt(4) == 0 ? 0 : a * rnd.nextDouble();
                boolean negative = rnd.nextBoolean();
                l[i] = negative ? -(a + w) : a;
                u[i] = negative ? -a : a + w;
            }
            case ZERO_LOWER -> {
                l[i] = 0;
                u[i] = rnd.nextDouble(0.01, 3);
            }
            case ZERO_UPPER -> {
                l[i] = -rnd.nextDouble(0.01, 3);
                u[i] = 0;
            }
            case VAST -> {
                l[i] = -Math.pow(10, rnd.nextDouble(0, 300));
                u[i] = Math.pow(10, rnd.nextDouble(0, 300));
            }
        }
    }

    /** One backward step's result: the coefficients on each computed input, the bias, the parameters. */
    record Backward(Map<String, double[]> acc, double[] bias, AlphaParameters alphas) {
        /** {@link #value} in exact arithmetic, or null where a coefficient, the bias or an input it weighs is not finite. */
        BigDecimal exactValue(int k, Graph graph, List<Tensor> in) {
            return exactSum(k, in, false);
        }

        /** The number of terms of {@link #value}. */
        long length(Graph graph, List<Tensor> in) {
            return 1 + in.stream().mapToLong(Tensor::size).sum();
        }

        /** The magnitude of row k's terms at the inputs (or at their largest magnitudes): |b| + sum |a'_i in_i|. */
        double magnitude(int k, Graph graph, List<Tensor> in) {
            double m = Math.abs(bias[k]);
            for (int i = 0; i < in.size(); i++) {
                double[] a = acc.get("in" + i);
                if (a != null) {
                    int n = in.get(i).size();
                    for (int j = 0; j < n; j++) {
                        m += Math.abs(a[k * n + j] * in.get(i).get(j));
                    }
                }
            }
            return m;
        }

        /** {@link #magnitude} in exact arithmetic, or null where a coefficient or the bias is not finite. */
        BigDecimal exactMagnitude(int k, Graph graph, List<Tensor> in) {
            return exactSum(k, in, true);
        }

        /** {@code b + sum a x} of row k exactly, or {@code |b| + sum |a x|} with {@code abs}; null as the callers say. */
        private BigDecimal exactSum(int k, List<Tensor> in, boolean abs) {
            if (!Double.isFinite(bias[k])) {
                return null;
            }
            BigDecimal v = new BigDecimal(abs ? Math.abs(bias[k]) : bias[k]);
            for (int i = 0; i < in.size(); i++) {
                double[] a = acc.get("in" + i);
                if (a != null) {
                    int n = in.get(i).size();
                    for (int j = 0; j < n; j++) {
                        double c = a[k * n + j];
                        double x = in.get(i).get(j);
                        if (c != 0) {
                            if (!Double.isFinite(c) || !abs && !Double.isFinite(x)) {
                                return null;
                            }
                            v = v.add(new BigDecimal(abs ? Math.abs(c) : c).multiply(new BigDecimal(abs ? Math.abs(x) : x)));
                        }
                    }
                }
            }
            return v;
        }

        /** {@code A' in + b} of row k at the input tensors. */
        double value(int k, Graph graph, List<Tensor> in) {
            double v = bias[k];
            for (int i = 0; i < in.size(); i++) {
                double[] a = acc.get("in" + i);
                if (a != null) {
                    int n = in.get(i).size();
                    for (int j = 0; j < n; j++) {
                        v += a[k * n + j] * in.get(i).get(j);
                    }
                }
            }
            return v;
        }
    }

    Backward backward(double[] a, AlphaParameters alphas) {
        return backward(a, alphas, ROWS);
    }

    private Backward backward(double[] a, AlphaParameters alphas, int rows) {
        Map<String, double[]> acc = new HashMap<>();
        double[] bias = new double[rows];
        if (alphas != null) {
            alphas.startPass();
        }
        Function<String, Interval> bounds = name -> boxes.get(Integer.parseInt(name.substring(2)));
        BackwardStep step = new BackwardStep(graph, node, rows, new double[][] {a.clone()}, bounds,
            v -> acc.computeIfAbsent(v, k -> new double[rows * graph.shape(k).size()]), bias, alphas);
        relaxation().backward(node, step);
        return new Backward(acc, bias, alphas);
    }

    /** Rows +e_j for every output element j, then rows -e_j: every lower line, then every upper line. */
    private double[] unitRows(int n) {
        double[] a = new double[2 * n * n];
        for (int j = 0; j < n; j++) {
            a[j * n + j] = 1;
            a[(n + j) * n + j] = -1;
        }
        return a;
    }

    /** Random coefficient rows on the output: Gaussian with some zeros, one row all +1 and one all -1. */
    double[] rows() {
        int n = graph.shape("out").size();
        double[] a = new double[ROWS * n];
        for (int k = 0; k < ROWS; k++) {
            for (int j = 0; j < n; j++) {
                a[k * n + j] = k == 0 ? 1 : k == 1 ? -1 : rnd.nextDouble() < 0.3 ? 0 : rnd.nextGaussian();
            }
        }
        return a;
    }

    /** Random alpha parameters in [lo, hi] for every node parameter of a pass that created them. */
    void randomise(AlphaParameters alphas, double lo, double hi) {
        for (String node : alphas.nodes()) {
            double[] v = alphas.read(node);
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextDouble(lo, hi);
            }
            alphas.update(node, v);
        }
    }

    /** A random point of the boxes (a quarter of the coordinates at an end point); constants as they are. */
    List<Tensor> point() {
        List<Tensor> t = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (in.constant() != null) {
                t.add(in.constant());
                continue;
            }
            Interval b = boxes.get(i);
            double[] x = new double[b.size()];
            for (int j = 0; j < x.length; j++) {
                double r = rnd.nextDouble();
                double f = r < 0.125 ? 0 : r < 0.25 ? 1 : rnd.nextDouble();
                // (1 - f) l + f u: no overflow where u - l overflows
                x[j] = Math.min(b.upper()[j], Math.max(b.lower()[j], (1 - f) * b.lower()[j] + f * b.upper()[j]));
            }
            t.add(Tensor.of(in.shape(), x));
        }
        return t;
    }

    /**
     * The full check over {@code boxes} box draws and {@code samples} points each; returns the
     * largest relative gap {@code A out - (A' in + b)} seen under plain CROWN (for tightness checks).
     */
    double check(int boxDraws, int samples) {
        double worstGap = 0;
        int n = graph.shape("out").size();
        boolean exactUnits = relaxation() instanceof ElementwiseRelaxation;
        // the most terms of one output element that a sum of the step can hold (all inputs, at worst)
        long perElement = exactUnits ? 1 : inputs.stream().mapToLong(in -> in.shape().size()).sum();
        for (int draw = 0; draw < boxDraws; draw++) {
            if (draw > 0) {
                newBoxes();
            }
            Interval ibp = relaxation().interval(node, boxes, graph).get(0);
            double[] a = rows();
            Backward crown = backward(a, null);
            AlphaParameters defaults = new AlphaParameters();
            Backward alphaDefault = backward(a, defaults);
            AlphaParameters random = new AlphaParameters();
            backward(a, random);
            randomise(random, 0, 1);
            Backward alphaRandom = backward(a, random);
            double[] unitRows = unitRows(n);
            Backward units = backward(unitRows, null, 2 * n);
            // each line's terms at their largest over the boxes: |intercept| + sum |slope| max |x|
            List<Tensor> reach = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                reach.add(in.constant() != null ? in.constant() : Tensor.of(in.shape(), OutwardRounding.magnitude(boxes.get(i))));
            }
            double[] magnitude = new double[2 * n];
            // exactly where the sum overflowed (terms near 1e308): the slack must not stand in for the largest double
            BigDecimal[] beyond = new BigDecimal[2 * n];
            for (int r = 0; r < 2 * n; r++) {
                magnitude[r] = units.magnitude(r, graph, reach);
                beyond[r] = Double.isFinite(magnitude[r]) ? null : units.exactMagnitude(r, graph, reach);
            }
            double underflow = underflowSlack(perElement + n, reach);
            for (int k = 0; k < ROWS; k++) {
                // the same terms a_kj b_j, summed in another order: within gamma(n) sum |a_kj b_j| of each other
                double terms = 0;
                for (int j = 0; j < n; j++) {
                    double akj = a[k * n + j];
                    terms += Math.abs(akj) * Math.abs(units.bias()[akj >= 0 ? j : n + j]);
                }
                double gap = Math.abs(crown.bias()[k] - alphaDefault.bias()[k]);
                assertTrue(gap <= 2 * OutwardRounding.gamma(n + 2) * terms || crown.bias()[k] == alphaDefault.bias()[k],
                    node.opType() + ": default alpha parameters must give the plain CROWN relaxation: bias " + crown.bias()[k] + " vs "
                        + alphaDefault.bias()[k] + " in row " + k);
            }
            for (int s = 0; s < samples; s++) {
                List<Tensor> x = point();
                Tensor y = reference.evaluate(node, x);
                // where float64 overflowed (a NaN from +inf plus -inf) the real outputs decide the rows
                BigDecimal[] real = exactOutputs(x);
                BigDecimal[] exactY = allFinite(y) ? null : real;
                checkInterval(ibp, y, real, x);
                for (int r = 0; r < 2 * n; r++) {
                    double g = OutwardRounding.gamma(perElement + 2);
                    double slack = exactUnits ? 0 : g * magnitude[r] + underflow;
                    BigDecimal exactSlack = beyond[r] == null ? null : exactSlack(g, beyond[r], underflow);
                    checkRow(units, r, unitRows, y, exactY, x, slack, exactSlack, "unit row");
                }
                for (Backward b : List.of(crown, alphaDefault, alphaRandom)) {
                    for (int k = 0; k < ROWS; k++) {
                        double terms = 0;
                        BigDecimal exactTerms = BigDecimal.ZERO;
                        int nonzero = 0;
                        for (int j = 0; j < n; j++) {
                            double akj = a[k * n + j];
                            nonzero += akj != 0 ? 1 : 0;
                            int r = akj >= 0 ? j : n + j;
                            double line = b == crown ? 0 : lineMagnitude(b, k, j, x);
                            terms += Math.abs(akj) * (magnitude[r] + line);
                            if (exactTerms != null && akj != 0 && !Double.isFinite(terms)) {
                                BigDecimal unit = beyond[r] != null ? beyond[r] : Double.isFinite(magnitude[r]) ? new BigDecimal(magnitude[r]) : null;
                                BigDecimal exactLine = Double.isFinite(line) ? new BigDecimal(line) : exactLineMagnitude(b, k, j, x);
                                exactTerms = unit == null || exactLine == null ? null : exactTerms.add(abs(akj).multiply(unit.add(exactLine)));
                            }
                        }
                        double g = OutwardRounding.gamma(nonzero * perElement + 2);
                        double slack = g * terms + underflow;
                        BigDecimal exactSlack = Double.isFinite(slack) || exactTerms == null ? null : exactSlack(g, exactTerms, underflow);
                        double gap = checkRow(b, k, a, y, exactY, x, slack, exactSlack,
                            b == crown ? "CROWN" : "alpha " + b.alphas().nodes().stream().map(v -> Arrays.toString(b.alphas().read(v))).toList());
                        if (b == crown) {
                            double scale = 1;
                            for (int j = 0; j < n; j++) {
                                scale += Math.abs(a[k * n + j] * y.get(j));
                            }
                            worstGap = Math.max(worstGap, gap / scale);
                        } else {
                            checkLinearization(b, k, a, x, b.value(k, graph, x), terms, perElement);
                        }
                    }
                }
            }
        }
        return worstGap;
    }

    /**
     * What the propagator allows for products that underflow in one step ({@code RoundingError}): each
     * loses up to the least subnormal whatever its size, and a coefficient's loss is multiplied by its
     * input's value, so {@code (terms) eta (1 + sum of the computed inputs' magnitudes)}.
     */
    private double underflowSlack(long terms, List<Tensor> reach) {
        double sum = 1;
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).constant() == null) {
                for (int j = 0; j < reach.get(i).size(); j++) {
                    sum += reach.get(i).get(j);
                }
            }
        }
        return terms * Double.MIN_VALUE * sum;
    }

    private static BigDecimal exactSlack(double gamma, BigDecimal terms, double underflow) {
        return new BigDecimal(gamma).multiply(terms).add(Double.isFinite(underflow) ? new BigDecimal(underflow) : terms);
    }

    private static BigDecimal abs(double v) {
        return new BigDecimal(Math.abs(v));
    }

    private static boolean allFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (!Double.isFinite(t.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The real outputs at x of a product or quotient (Mul, MatMul, Div; Conv, ConvTranspose and
     * Gemm of two inputs, sums of products of x and the weights too), null for other operators (and
     * at inputs that are not finite).
     */
    private BigDecimal[] exactOutputs(List<Tensor> x) {
        if (!List.of("Mul", "MatMul", "Div", "Conv", "ConvTranspose", "Gemm").contains(node.opType()) || inputs.size() != 2) {
            return null;
        }
        if (exact == null) {
            Shape x0 = inputs.get(0).shape();
            Shape x1 = inputs.get(1).shape();
            exact = node.opType().equals("Div") ? ExactOutputs.quotients(x0, x1, graph.shape("out"))
                : ExactOutputs.products(reference, node, x0, x1, graph.shape("out").size());
        }
        return exact.evaluate(x.get(0), x.get(1));
    }

    /**
     * IBP contains every output: the real value where known (products and quotients: the float64
     * one may be rounded inward of it by half an ulp), else the float64 value. A real value beyond
     * float64's range (float64's output an infinity or a NaN from +inf plus -inf) needs the infinite
     * bound on its side. A NaN output with no exact value (the operator undefined there) needs the
     * bounds -inf and +inf. A NaN bound fails.
     */
    private void checkInterval(Interval ibp, Tensor y, BigDecimal[] exactY, List<Tensor> x) {
        for (int j = 0; j < y.size(); j++) {
            double l = ibp.lower()[j];
            double u = ibp.upper()[j];
            boolean inside;
            if (exactY != null) {
                inside = !Double.isNaN(l) && !Double.isNaN(u) && atMost(l, exactY[j]) && atMost(-u, exactY[j].negate());
            } else if (Double.isNaN(y.get(j))) {
                // undefined where the operator's definition meets 0 * inf (an operator's, as PowGrad's at z = 0, g = 0 was): only "no bound" is right,
                // as for a backward row, whose float64 side is then NaN too and whose bias must be -inf
                inside = l == Double.NEGATIVE_INFINITY && u == Double.POSITIVE_INFINITY;
            } else {
                inside = y.get(j) >= l && y.get(j) <= u;
            }
            if (!inside) {
                fail(node.opType() + " IBP " + describe(ibp) + " misses output " + j + " = " + (exactY != null ? exactY[j] : y.get(j))
                    + " at inputs " + x + " (boxes " + boxes.stream().map(RelaxationHarness::describe).toList() + ")");
            }
        }
    }

    /**
     * Checks row k, {@code A out >= A' in + b - slack}, in exact arithmetic: with the exact outputs
     * where given (float64 overflowed), else with float64's (a side that overflowed then compares as
     * a double); returns the gap {@code A out - (A' in + b)}.
     */
    private double checkRow(Backward b, int k, double[] a, Tensor y, BigDecimal[] exactY, List<Tensor> x, double slack,
                            BigDecimal exactSlack, String what) {
        int n = y.size();
        double lhsDouble = 0;
        double lhsMagnitude = 0;
        int terms = 0;
        boolean finite = true;
        for (int j = 0; j < n; j++) {
            double akj = a[k * n + j];
            if (akj != 0) {
                finite &= Double.isFinite(y.get(j));
                lhsDouble += akj * y.get(j);
                lhsMagnitude += Math.abs(akj * y.get(j));
                terms++;
            }
        }
        double rhsDouble = b.value(k, graph, x);
        // a slack that overflowed (terms beyond float64): its exact value where known, else the largest double stands for it
        double allowed = slack < Double.MAX_VALUE ? slack : Double.MAX_VALUE;
        BigDecimal least = (exactSlack != null ? exactSlack : new BigDecimal(allowed)).negate();
        boolean sound;
        if (!finite || !Double.isFinite(rhsDouble) || !Double.isFinite(lhsMagnitude)) {
            BigDecimal rhs = b.exactValue(k, graph, x);
            BigDecimal lhs = exactY != null ? exactLhs(a, k, exactY) : finite ? exactLhs(a, k, toBig(y)) : null;
            sound = lhs != null && rhs != null
                ? lhs.subtract(rhs).compareTo(least) >= 0
                // a bias of -inf bounds nothing whatever the coefficients (the pass's bound is -inf)
                : rhsDouble == Double.NEGATIVE_INFINITY || b.bias()[k] == Double.NEGATIVE_INFINITY || lhsDouble >= rhsDouble;
        } else {
            // float64 decides where both sums' rounding (gamma of their lengths) cannot change the answer
            long length = b.length(graph, x);
            double error = OutwardRounding.gamma(terms + 1) * lhsMagnitude
                + OutwardRounding.gamma(length + 1) * b.magnitude(k, graph, x) + 4 * (terms + length) * Double.MIN_VALUE;
            double gap = lhsDouble - rhsDouble;
            sound = gap - error >= -allowed
                || !(gap + error < -allowed) && exactLhs(a, k, toBig(y)).subtract(b.exactValue(k, graph, x)).compareTo(least) >= 0;
        }
        if (!sound) {
            fail(node.opType() + " backward bound of " + what + " row " + k + " is " + rhsDouble + " > " + lhsDouble
                + (exactY != null ? " (exactly " + b.exactValue(k, graph, x) + " > " + exactLhs(a, k, exactY) + ")" : "")
                + " (slack " + slack + (exactSlack != null ? ", exactly " + exactSlack : "") + ") at inputs " + x + " (boxes " + boxes.stream().map(RelaxationHarness::describe).toList() + ")");
        }
        return lhsDouble - rhsDouble;
    }

    /** Whether the double d is at most the real value v (an infinite d compares as beyond every real). */
    private static boolean atMost(double d, BigDecimal v) {
        return d == Double.NEGATIVE_INFINITY || d != Double.POSITIVE_INFINITY && new BigDecimal(d).compareTo(v) <= 0;
    }

    /** {@code A out} of row k in exact arithmetic. */
    private static BigDecimal exactLhs(double[] a, int k, BigDecimal[] y) {
        int n = y.length;
        BigDecimal lhs = BigDecimal.ZERO;
        for (int j = 0; j < n; j++) {
            double akj = a[k * n + j];
            if (akj != 0) {
                lhs = lhs.add(new BigDecimal(akj).multiply(y[j]));
            }
        }
        return lhs;
    }

    /** Outputs as exact numbers (null where not finite: rows that use them have not come here). */
    private static BigDecimal[] toBig(Tensor y) {
        BigDecimal[] v = new BigDecimal[y.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = Double.isFinite(y.get(j)) ? new BigDecimal(y.get(j)) : null;
        }
        return v;
    }

    /**
     * The magnitude of element j's terms in an alpha row's recorded linearisation: its constant
     * (the line at input 0) and the rest of its value at x (0 where nothing was recorded: a node
     * without parameters uses its plain CROWN lines).
     */
    private double lineMagnitude(Backward b, int k, int j, List<Tensor> x) {
        Linearization lin = b.alphas().linearization(node.name());
        if (lin == null) {
            return 0;
        }
        double[][] at = new double[x.size()][];
        double[][] zero = new double[x.size()][];
        for (int i = 0; i < at.length; i++) {
            at[i] = inputs.get(i).constant() != null ? null : x.get(i).data();
            zero[i] = at[i] == null ? null : new double[at[i].length];
        }
        double c = lin.apply(k, zero)[0][j];
        double v = lin.apply(k, at)[0][j];
        return Math.abs(c) + Math.abs(v - c) + Math.abs(v);
    }

    /**
     * {@link #lineMagnitude} where float64 overflows: the line's constant and its change from each
     * input element alone (the element scaled down by 2^-s until the change is finite, then scaled
     * back exactly), twice (|c| + |v - c| + |v|); null where the constant overflows.
     */
    private BigDecimal exactLineMagnitude(Backward b, int k, int j, List<Tensor> x) {
        Linearization lin = b.alphas().linearization(node.name());
        double[][] at = new double[x.size()][];
        for (int i = 0; i < at.length; i++) {
            at[i] = inputs.get(i).constant() != null ? null : new double[x.get(i).size()];
        }
        double c = lin.apply(k, at)[0][j];
        if (!Double.isFinite(c)) {
            return null;
        }
        BigDecimal sum = abs(c);
        for (int i = 0; i < at.length; i++) {
            for (int e = 0; at[i] != null && e < at[i].length; e++) {
                int scale = 0;
                double d;
                do {
                    at[i][e] = Math.scalb(x.get(i).get(e), -scale);
                    d = lin.apply(k, at)[0][j];
                    scale += 8;
                } while (!Double.isFinite(d));
                at[i][e] = 0;
                sum = sum.add(new BigDecimal(d).subtract(new BigDecimal(c)).abs().multiply(BigDecimal.valueOf(2).pow(scale - 8)));
            }
        }
        return sum.add(sum);
    }

    /**
     * The recorded linearisation, weighted by A, must equal {@code A' in + b} (nonlinear nodes must
     * record one): up to the roundings of both sums, gamma(2 n p + 4) times the terms' magnitude (p:
     * the most terms of one output element).
     */
    private void checkLinearization(Backward b, int k, double[] a, List<Tensor> x, double expected, double terms,
                                    long perElement) {
        if (!relaxation().needsInputBounds()) {
            return;
        }
        Linearization lin = b.alphas().linearization(node.name());
        assertNotNull(lin, node.opType() + " records no linearisation");
        double[][] in = new double[x.size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = inputs.get(i).constant() != null ? null : x.get(i).data();
        }
        double[] y = lin.apply(k, in)[0];
        double v = 0;
        double scale = Math.abs(expected) + terms;
        for (int j = 0; j < y.length; j++) {
            v += a[k * y.length + j] * y[j];
            scale += Math.abs(a[k * y.length + j] * y[j]);
        }
        double tolerance = OutwardRounding.gamma(2L * y.length * perElement + 4) * scale + y.length * Double.MIN_NORMAL;
        if (Double.isFinite(expected) && Double.isFinite(tolerance)) {
            assertEquals(expected, v, tolerance, node.opType() + " linearisation of row " + k);
        }
    }

    /**
     * The recorded alpha gradient against central differences of {@code A' in + b} at random points
     * and random interior parameters: the optimiser's search direction must be right.
     */
    void checkGradient(int points) {
        double[] a = rows();
        AlphaParameters alphas = new AlphaParameters();
        backward(a, alphas);
        randomise(alphas, 0.1, 0.9);
        double[] params = alphas.read(node.name());
        assertNotNull(params, node.opType() + " takes no parameters");
        Backward base = backward(a, alphas);
        AlphaGradient g = alphas.gradient(node.name());
        assertNotNull(g, node.opType() + " records no gradient");
        int checked = 0;
        for (int p = 0; p < points; p++) {
            List<Tensor> x = point();
            double[][] in = new double[x.size()][];
            for (int i = 0; i < in.length; i++) {
                in[i] = inputs.get(i).constant() != null ? null : x.get(i).data();
            }
            int k = rnd.nextInt(ROWS);
            double[] grad = new double[params.length];
            g.accumulate(k, in, grad);
            int count = params.length / ROWS;
            for (int t = 0; t < 8; t++) {
                int j = k * count + rnd.nextInt(count);
                double keep = params[j];
                double h = 1e-6;
                params[j] = keep + h;
                alphas.update(node.name(), params);
                double up = backward(a, alphas).value(k, graph, x);
                params[j] = keep - h;
                alphas.update(node.name(), params);
                double down = backward(a, alphas).value(k, graph, x);
                params[j] = keep;
                alphas.update(node.name(), params);
                double fd = (up - down) / (2 * h);
                double scale = 1 + Math.abs(base.value(k, graph, x));
                assertEquals(fd, grad[j], 1e-4 * scale, node.opType() + " gradient of parameter " + j + " row " + k);
                checked += grad[j] != 0 ? 1 : 0;
            }
        }
        assertTrue(checked > 0, node.opType() + ": every gradient checked was zero");
    }

    static String describe(Interval b) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < b.size() && i < 12; i++) {
            s.append(i > 0 ? ", " : "").append(b.lower()[i]).append("..").append(b.upper()[i]);
        }
        return s.append(b.size() > 12 ? ", ...]" : "]").toString();
    }
}
