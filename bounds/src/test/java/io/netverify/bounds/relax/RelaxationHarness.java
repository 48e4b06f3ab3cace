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
 * IBP interval and, for random coefficient rows A, against the backward step's lower bound
 * {@code A out >= A' in + b}, for plain CROWN, the default alpha-CROWN parameters and random
 * feasible ones (whose recorded linearisation must reproduce {@code A' in + b}).
 */
final class RelaxationHarness {
    /** Kinds of element intervals. */
    enum Kind { NARROW, WIDE, POSITIVE, NEGATIVE, MIXED, POINT, NARROW_POSITIVE }

    static final Kind[] ANY = Kind.values();
    static final Kind[] SIGNED = {Kind.POSITIVE, Kind.NEGATIVE};

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
        return Relaxations.find(node.opType()).orElseThrow();
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
        }
    }

    /** One backward step's result: the coefficients on each computed input, the bias, the parameters. */
    record Backward(Map<String, double[]> acc, double[] bias, AlphaParameters alphas) {
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
        Map<String, double[]> acc = new HashMap<>();
        double[] bias = new double[ROWS];
        if (alphas != null) {
            alphas.startPass();
        }
        Function<String, Interval> bounds = name -> boxes.get(Integer.parseInt(name.substring(2)));
        BackwardStep step = new BackwardStep(graph, node, ROWS, new double[][] {a.clone()}, bounds,
            v -> acc.computeIfAbsent(v, k -> new double[ROWS * graph.shape(k).size()]), bias, alphas);
        relaxation().backward(node, step);
        return new Backward(acc, bias, alphas);
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
        for (double[] v : alphas.values().values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextDouble(lo, hi);
            }
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
                x[j] = Math.min(b.upper()[j], b.lower()[j] + f * (b.upper()[j] - b.lower()[j]));
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
            assertEquals(Arrays.toString(crown.bias()), Arrays.toString(alphaDefault.bias()),
                "default alpha parameters must give the plain CROWN relaxation");
            for (int s = 0; s < samples; s++) {
                List<Tensor> x = point();
                Tensor y = reference.evaluate(node, x);
                if (!ibp.contains(y.data(), 1e-12)) {
                    fail(node.opType() + " IBP " + describe(ibp) + " misses output " + Arrays.toString(y.data())
                        + " at inputs " + x + " (boxes " + boxes.stream().map(RelaxationHarness::describe).toList() + ")");
                }
                for (Backward b : List.of(crown, alphaDefault, alphaRandom)) {
                    for (int k = 0; k < ROWS; k++) {
                        double lhs = 0;
                        double scale = 1;
                        int n = y.size();
                        for (int j = 0; j < n; j++) {
                            lhs += a[k * n + j] * y.get(j);
                            scale += Math.abs(a[k * n + j] * y.get(j));
                        }
                        double rhs = b.value(k, graph, x);
                        if (lhs < rhs - 1e-9 * (scale + Math.abs(rhs))) {
                            fail(node.opType() + " backward bound of row " + k + " is " + rhs + " > " + lhs + " at inputs " + x
                                + " (boxes " + boxes.stream().map(RelaxationHarness::describe).toList()
                                + (b == crown ? ", CROWN)" : ", alpha " + b.alphas().values().values().stream().map(Arrays::toString).toList() + ")"));
                        }
                        if (b == crown) {
                            worstGap = Math.max(worstGap, (lhs - rhs) / scale);
                        } else {
                            checkLinearization(b, k, a, x, rhs);
                        }
                    }
                }
            }
        }
        return worstGap;
    }

    /** The recorded linearisation, weighted by A, must equal {@code A' in + b} (nonlinear nodes must record one). */
    private void checkLinearization(Backward b, int k, double[] a, List<Tensor> x, double expected) {
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
        double scale = 1 + Math.abs(expected);
        for (int j = 0; j < y.length; j++) {
            v += a[k * y.length + j] * y[j];
            scale += Math.abs(a[k * y.length + j] * y[j]);
        }
        assertEquals(expected, v, 1e-9 * scale, node.opType() + " linearisation of row " + k);
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
        double[] params = alphas.values().get(node.name());
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
                double up = backward(a, alphas).value(k, graph, x);
                params[j] = keep - h;
                double down = backward(a, alphas).value(k, graph, x);
                params[j] = keep;
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
