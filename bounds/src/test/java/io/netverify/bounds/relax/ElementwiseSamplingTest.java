package io.netverify.bounds.relax;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import io.netverify.onnx.ops.Gelu;
import io.netverify.onnx.ops.Operators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sampling check of every element-wise relaxation: for random intervals (very narrow, very wide,
 * one-sided, straddling inflection points, corners and period boundaries, far in the tails, and at
 * the ends of float64: magnitudes 1e-300 to 1e300, zero and huge widths up to [-1e308, 1e308],
 * subnormal), 10^4 points of the function, computed by the evaluator's operator, lie within IBP's
 * range and between the lower and upper lines of the backward step, for the default lines and for
 * random parameters projected as alpha-CROWN projects them. No tolerance: the relaxations claim
 * float64 soundness, and a line is compared with f exactly (BigDecimal where float64 cannot decide).
 */
class ElementwiseSamplingTest {
    private static final int POINTS = 10_000;
    private static final int RANDOM_ALPHAS = 3;

    enum Domain { REAL, NON_NEGATIVE, POSITIVE, NON_ZERO }

    /** An operator to test: type, attributes, constant extra inputs, domain, and where its shape changes. */
    record Case(String name, String op, Attributes attrs, List<Tensor> extra, Domain domain, double[] special) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case unary(String op, double... special) {
        return new Case(op, op, Attributes.EMPTY, List.of(), Domain.REAL, special);
    }

    private static Case pow(double c, Domain domain, double... special) {
        return new Case("Pow " + c, "Pow", Attributes.EMPTY, List.of(Tensor.scalar(c)), domain, special);
    }

    static Stream<Case> cases() {
        double pi = Math.PI;
        return Stream.of(
            unary("Sigmoid", 0, 2, -2, 30),
            unary("Tanh", 0, 1, -1, 15),
            unary("Erf", 0, 1, -1, 2, 5),
            unary("Exp", 0, -20, 20, 700),
            unary("Sin", 0, pi / 2, pi, -pi / 2, 3 * pi / 2, 2 * pi, 1000 * pi, -77 * pi / 2),
            unary("Cos", 0, pi / 2, pi, -pi / 2, 3 * pi / 2, 2 * pi, 1001 * pi / 2, -40 * pi),
            new Case("Gelu none", "Gelu", Attributes.EMPTY.with("approximate", "none"), List.of(), Domain.REAL,
                new double[] {0, Math.sqrt(2), -Math.sqrt(2), -0.7518, -5, 5, -30}),
            new Case("Gelu tanh", "Gelu", Attributes.EMPTY.with("approximate", "tanh"), List.of(), Domain.REAL,
                new double[] {0, 1.4, -1.4, -0.75, -5, 5, -30}),
            // the constants a recognised PyTorch subgraph carries (float32 sqrt 2, sqrt(2/pi), 0.044715)
            new Case("Gelu file constants", "Gelu", Attributes.EMPTY.with(Gelu.FACTOR, 0.5).with(Gelu.SCALE, 1 / 1.4142135381698608)
                .with(Gelu.DIVISOR, 1.4142135381698608),
                List.of(), Domain.REAL, new double[] {0, 1.4142135381698608, -1.4142135381698608, -0.7518, -5, 5, -30}),
            new Case("Gelu tanh file constants", "Gelu", Attributes.EMPTY.with("approximate", "tanh").with(Gelu.FACTOR, 0.25)
                .with(Gelu.SCALE, 0.7978845834732056).with(Gelu.CUBIC, 0.044714998453855515), List.of(), Domain.REAL,
                new double[] {0, 1.4, -1.4, -0.75, -5, 5, -30}),
            unary("Relu", 0),
            unary("Abs", 0),
            unary("Sign", 0),
            unary("LeakyRelu", 0),
            new Case("LeakyRelu 0.2", "LeakyRelu", Attributes.EMPTY.with("alpha", 0.2), List.of(), Domain.REAL, new double[] {0}),
            new Case("LeakyRelu -0.5", "LeakyRelu", Attributes.EMPTY.with("alpha", -0.5), List.of(), Domain.REAL, new double[] {0}),
            new Case("LeakyRelu 3", "LeakyRelu", Attributes.EMPTY.with("alpha", 3.0), List.of(), Domain.REAL, new double[] {0}),
            new Case("Clip inputs", "Clip", Attributes.EMPTY, List.of(Tensor.scalar(-0.5), Tensor.scalar(1.5)), Domain.REAL,
                new double[] {-0.5, 1.5, 0.5}),
            new Case("Clip min only", "Clip", Attributes.EMPTY, List.of(Tensor.scalar(0)), Domain.REAL, new double[] {0}),
            new Case("Clip attributes", "Clip", Attributes.EMPTY.with("opset", 6L).with("min", -1.0).with("max", 2.0),
                List.of(), Domain.REAL, new double[] {-1, 2}),
            new Case("Clip min > max", "Clip", Attributes.EMPTY, List.of(Tensor.scalar(1), Tensor.scalar(-1)), Domain.REAL,
                new double[] {-1, 1}),
            new Case("Sqrt", "Sqrt", Attributes.EMPTY, List.of(), Domain.NON_NEGATIVE, new double[] {0, 1e-6, 1, 100}),
            new Case("Log", "Log", Attributes.EMPTY, List.of(), Domain.POSITIVE, new double[] {1e-8, 1, 1e3}),
            new Case("Reciprocal", "Reciprocal", Attributes.EMPTY, List.of(), Domain.NON_ZERO, new double[] {1e-3, -1e-3, 1, -1}),
            pow(2, Domain.REAL, 0, 1, -1, 1e3),
            pow(3, Domain.REAL, 0, 1, -1),
            pow(4, Domain.REAL, 0, 2),
            pow(5, Domain.REAL, 0, -2),
            pow(0.5, Domain.NON_NEGATIVE, 0, 1),
            pow(1.5, Domain.NON_NEGATIVE, 0, 1),
            pow(-1, Domain.NON_ZERO, 1e-2, -1e-2, 1),
            pow(-2, Domain.NON_ZERO, 1e-2, -1e-2, 1),
            pow(-3, Domain.NON_ZERO, 0.5, -0.5),
            pow(-0.5, Domain.POSITIVE, 1e-3, 1),
            pow(1, Domain.REAL, 0),
            pow(0, Domain.REAL, 0));
    }

    /** The cases cover every registered element-wise relaxation: a new one cannot go unsampled. */
    @Test
    void everyElementwiseRelaxationHasACase() {
        Set<String> covered = cases().map(Case::op).collect(Collectors.toSet());
        for (String op : Relaxations.types()) {
            if (Relaxations.find(op).orElseThrow() instanceof ElementwiseRelaxation) {
                assertTrue(covered.contains(op), op + " has no sampling case");
            }
        }
    }

    /**
     * A relaxation declares {@link ElementwiseRelaxation#stepLevels} exactly when its function is a step:
     * constant on each side of 0 (over magnitudes 1e-300 to 1e300), with different values.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void stepLevelsAreDeclaredExactlyForSteps(Case c) {
        Graph g = graph(c, 1);
        Node node = g.nodes().get(0);
        double[] levels = ((ElementwiseRelaxation) Relaxations.find(c.op()).orElseThrow()).of(node, g).stepLevels();
        double[] magnitudes = {1e-300, 1e-20, 1e-3, 0.5, 1, 2, 7.25, 1e3, 1e20, 1e300};
        double[] below = c.domain() == Domain.REAL || c.domain() == Domain.NON_ZERO
            ? Arrays.stream(magnitudes).map(m -> evaluate(node, c, new double[] {-m})[0]).toArray() : new double[0];
        double[] above = Arrays.stream(magnitudes).map(m -> evaluate(node, c, new double[] {m})[0]).toArray();
        boolean step = below.length > 0 && Arrays.stream(below).allMatch(y -> y == below[0])
            && Arrays.stream(above).allMatch(y -> y == above[0]) && below[0] != above[0];
        if (levels == null) {
            assertTrue(!step, c + " is a step from " + Arrays.toString(below) + " to " + Arrays.toString(above)
                + " but declares no step levels");
        } else {
            assertTrue(step && levels[0] == below[0] && levels[1] == above[0], c + " declares levels "
                + Arrays.toString(levels) + ", but below 0 it is " + Arrays.toString(below) + ", above " + Arrays.toString(above));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void pointsLieBetweenTheLinesAndInTheRange(Case c) {
        SplittableRandom rnd = new SplittableRandom(c.name().hashCode());
        Interval x = intervals(c, rnd);
        int n = x.size();
        Graph g = graph(c, n);
        Node node = g.nodes().get(0);
        Relaxation r = Relaxations.find(c.op()).orElseThrow();
        double[][] points = new double[n][];
        double[][] values = new double[n][];
        for (int i = 0; i < n; i++) {
            points[i] = samples(x.lower()[i], x.upper()[i], c.special(), rnd);
            values[i] = evaluate(node, c, points[i]);
        }
        List<Interval> ins = new ArrayList<>();
        ins.add(x);
        c.extra().forEach(t -> ins.add(Interval.of(t)));
        Interval range = r.interval(node, ins, g).get(0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < POINTS; j++) {
                double y = values[i][j];
                if (!(range.lower()[i] <= y && y <= range.upper()[i])) {
                    fail(c + " on [" + x.lower()[i] + ", " + x.upper()[i] + "]: range [" + range.lower()[i] + ", "
                        + range.upper()[i] + "] misses f(" + points[i][j] + ") = " + y);
                }
            }
        }
        checkLines(c, g, r, x, points, values, null, "default lines");
        AlphaParameters alphas = new AlphaParameters();
        checkLines(c, g, r, x, points, values, alphas, "initial alpha");
        double[] a = alphas.read(node.name());
        int[] columns = alphas.columns(node.name());
        if (a == null || columns.length == 0) {
            return;
        }
        for (int k = 0; k < RANDOM_ALPHAS; k++) {
            for (int j = 0; j < a.length; j++) {
                int i = columns[j % columns.length] % n;
                double w = x.upper()[i] - x.lower()[i];
                a[j] = rnd.nextBoolean() ? x.lower()[i] - w + 3 * w * rnd.nextDouble() : -2 + 4 * rnd.nextDouble();
            }
            r.projectParameters(node, a, columns, v -> x);
            alphas.update(node.name(), a);
            checkLines(c, g, r, x, points, values, alphas, "random alpha " + k);
        }
    }

    /** Runs the backward step with rows +e_i (lower line of neuron i) and -e_i (upper) and checks every point. */
    private static void checkLines(Case c, Graph g, Relaxation r, Interval x, double[][] points, double[][] values,
                                   AlphaParameters alphas, String what) {
        int n = x.size();
        double[] coef = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            coef[i * n + i] = 1;
            coef[(n + i) * n + i] = -1;
        }
        Node node = g.nodes().get(0);
        Map<String, double[]> acc = new HashMap<>();
        double[] bias = new double[2 * n];
        BackwardStep step = new BackwardStep(g, node, 2 * n, new double[][] {coef}, v -> x,
            v -> acc.computeIfAbsent(v, k -> new double[2 * n * n]), bias, alphas);
        r.backward(node, step);
        double[] a = acc.get("x");
        for (int i = 0; i < n; i++) {
            double ls = a[i * n + i];
            double lb = bias[i];
            double us = -a[(n + i) * n + i];
            double ub = -bias[n + i];
            for (int j = 0; j < POINTS; j++) {
                double t = points[i][j];
                double y = values[i][j];
                if (!lineBelow(ls, lb, t, y)) {
                    fail(c + ", " + what + ", on [" + x.lower()[i] + ", " + x.upper()[i] + "]: lower line " + ls + " x + "
                        + lb + " = " + (ls * t + lb) + " above f(" + t + ") = " + y);
                }
                if (!lineBelow(-us, -ub, t, -y)) {
                    fail(c + ", " + what + ", on [" + x.lower()[i] + ", " + x.upper()[i] + "]: upper line " + us + " x + "
                        + ub + " = " + (us * t + ub) + " below f(" + t + ") = " + y);
                }
            }
        }
    }

    /**
     * Whether {@code s t + b <= y} in exact arithmetic (a NaN line never is; -inf intercepts and
     * +inf values always are): float64 decides where the rounding of s t + b cannot change the
     * answer, BigDecimal otherwise.
     */
    static boolean lineBelow(double s, double b, double t, double y) {
        if (Double.isNaN(s) || Double.isNaN(b) || Double.isNaN(y)) {
            return false;
        }
        if (b == Double.NEGATIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
            return true;
        }
        if (Double.isInfinite(s) || b == Double.POSITIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
            return false;
        }
        double st = s * t;
        double v = st + b;
        // exact where the product and the sum are (residuals 0; a product above 2^-969 has a representable one)
        boolean exactProduct = Math.fma(s, t, -st) == 0 && (Math.abs(st) >= 0x1p-969 || s == 0 || t == 0);
        if (exactProduct && Double.isFinite(v) && v - st == b && v - b == st) {
            return v <= y;
        }
        double err = 0x1p-51 * (Math.abs(st) + Math.abs(b)) + 2 * Double.MIN_VALUE;
        if (Double.isFinite(v) && Double.isFinite(err)) {
            if (v + err < y) {
                return true;
            }
            if (v - err > y) {
                return false;
            }
        }
        return new BigDecimal(s).multiply(new BigDecimal(t)).add(new BigDecimal(b)).compareTo(new BigDecimal(y)) <= 0;
    }

    /** Intervals of every kind, inside the case's domain. */
    private static Interval intervals(Case c, SplittableRandom rnd) {
        List<double[]> list = new ArrayList<>();
        double[] sp = c.special();
        while (list.size() < 110) {
            int kind = list.size() % 11;
            if (kind >= 7) {
                list.add(extreme(kind, c.domain(), rnd));
                continue;
            }
            double p = sp[rnd.nextInt(sp.length)];
            double l;
            double u;
            switch (kind) {
                case 0 -> { // very narrow, near a special point or anywhere
                    double w = Math.pow(10, -9 + 3 * rnd.nextDouble());
                    double centre = rnd.nextBoolean() ? p + (rnd.nextDouble() - 0.5) * 4 * w : 20 * (rnd.nextDouble() - 0.5);
                    l = centre - w * rnd.nextDouble();
                    u = l + w;
                }
                case 1 -> { // very wide
                    double w = 100 + 1000 * rnd.nextDouble();
                    l = p - w * rnd.nextDouble();
                    u = l + w;
                }
                case 2 -> { // straddling a special point, a quarter of them centred on it (x^2 on [-8, 8])
                    double w = Math.pow(10, -3 + 4 * rnd.nextDouble());
                    boolean centred = rnd.nextInt(4) == 0;
                    l = p - w * (centred ? 1 : rnd.nextDouble());
                    u = p + w * (centred ? 1 : rnd.nextDouble());
                }
                case 3 -> { // one side of a special point
                    double w = Math.pow(10, -3 + 4 * rnd.nextDouble());
                    double gap = w * rnd.nextDouble();
                    boolean right = rnd.nextBoolean();
                    l = right ? p + gap : p - gap - w;
                    u = l + w;
                }
                case 4 -> { // touching a special point
                    double w = Math.pow(10, -4 + 4 * rnd.nextDouble());
                    boolean right = rnd.nextBoolean();
                    l = right ? p : p - w;
                    u = right ? p + w : p;
                }
                case 5 -> { // moderate, anywhere
                    l = 16 * (rnd.nextDouble() - 0.5);
                    u = l + 8 * rnd.nextDouble();
                }
                default -> { // a point, or an interval a few ulps wide
                    l = p + (rnd.nextDouble() - 0.5);
                    u = rnd.nextBoolean() ? l : l + 3 * Math.ulp(l);
                }
            }
            if (inDomain(c.domain(), l, u)) {
                list.add(new double[] {l, u});
            }
        }
        return interval(list);
    }

    /** The interval of {lower, upper} pairs. */
    static Interval interval(List<double[]> list) {
        double[] lo = new double[list.size()];
        double[] hi = new double[list.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = list.get(i)[0];
            hi[i] = list.get(i)[1];
        }
        return new Interval(lo, hi);
    }

    /**
     * An interval at the ends of float64, moved into the domain: 7 magnitude 1e-300..1e300 with a
     * width from 0 to the magnitude, 8 huge (up to [-1e308, 1e308]) or one-sided from 0, 9 subnormal,
     * 10 spanning many orders of magnitude on one side of 0.
     */
    private static double[] extreme(int kind, Domain d, SplittableRandom rnd) {
        double sign = rnd.nextBoolean() ? 1 : -1;
        double l;
        double u;
        switch (kind) {
            case 7 -> {
                double c = sign * Math.pow(10, rnd.nextDouble(-300, 300));
                double w = rnd.nextInt(4) == 0 ? 0 : Math.abs(c) * Math.pow(10, rnd.nextDouble(-16, 0));
                l = c;
                u = c + w;
            }
            case 8 -> {
                l = rnd.nextInt(3) == 0 ? 0 : -Math.pow(10, rnd.nextDouble(0, 308.2));
                u = rnd.nextInt(3) == 0 ? 0 : Math.pow(10, rnd.nextDouble(0, 308.2));
            }
            case 9 -> {
                l = sign * Double.MIN_VALUE * (1 + rnd.nextLong(1L << 52));
                u = l + Double.MIN_VALUE * rnd.nextLong(1L << 40);
            }
            default -> {
                double a = rnd.nextDouble(-300, 300);
                l = sign * Math.pow(10, a);
                u = sign * Math.pow(10, Math.min(308, a + rnd.nextDouble(1, 300)));
            }
        }
        double lo = Math.min(l, u);
        double hi = Math.max(l, u);
        boolean positive = d == Domain.POSITIVE || d == Domain.NON_NEGATIVE;
        if (positive && lo < 0 || d == Domain.NON_ZERO && lo <= 0 && hi >= 0) {
            // the side of 0 the domain allows, not touching 0 where it must not
            double a = Math.max(Double.MIN_VALUE, Math.max(Math.abs(lo), Math.abs(hi)));
            lo = d == Domain.NON_NEGATIVE ? 0 : Math.min(a, Double.MIN_VALUE * (1 + rnd.nextInt(1000)) * Math.max(1, a * 1e-300));
            hi = a;
        }
        if (d == Domain.POSITIVE && lo == 0) {
            lo = Double.MIN_VALUE;
        }
        return new double[] {lo, Math.max(lo, hi)};
    }

    private static boolean inDomain(Domain d, double l, double u) {
        return switch (d) {
            case REAL -> true;
            case NON_NEGATIVE -> l >= 0;
            case POSITIVE -> l > 0;
            case NON_ZERO -> l > 0 || u < 0;
        };
    }

    /** The end points, the special points inside, the floats next to the ends, and uniform points. */
    static double[] samples(double l, double u, double[] special, SplittableRandom rnd) {
        return samples(l, u, special, rnd, POINTS);
    }

    /** {@link #samples(double, double, double[], SplittableRandom)} with {@code count} points. */
    static double[] samples(double l, double u, double[] special, SplittableRandom rnd, int count) {
        double[] t = new double[count];
        int n = 0;
        t[n++] = l;
        t[n++] = u;
        t[n++] = Math.min(u, Math.nextUp(l));
        t[n++] = Math.max(l, Math.nextDown(u));
        t[n++] = l + (u - l) / 2;
        for (double s : special) {
            if (s >= l && s <= u) {
                t[n++] = s;
            }
        }
        boolean spread = Math.abs(u) > 1e3 * Math.max(Math.abs(l), Double.MIN_NORMAL)
            || Math.abs(l) > 1e3 * Math.max(Math.abs(u), Double.MIN_NORMAL);
        while (n < count) {
            double r = rnd.nextDouble();
            // l (1 - r) + u r does not overflow where u - l does; log-uniform points where [l, u] spans decades
            double x = spread && rnd.nextBoolean() ? logUniform(l, u, rnd) : l * (1 - r) + u * r;
            t[n++] = Math.min(u, Math.max(l, x));
        }
        return t;
    }

    /** A point of [l, u] whose magnitude is log-uniform between the ends' (or 1e-300) magnitudes. */
    private static double logUniform(double l, double u, SplittableRandom rnd) {
        double side = l >= 0 ? 1 : u <= 0 ? -1 : rnd.nextBoolean() ? 1 : -1;
        double far = side > 0 ? u : -l;
        double near = side > 0 ? Math.max(l, 0) : Math.max(-u, 0);
        double a = Math.log10(Math.max(near, 1e-300));
        double b = Math.log10(far);
        return side * Math.pow(10, a + (b - a) * rnd.nextDouble());
    }

    private static double[] evaluate(Node node, Case c, double[] x) {
        List<Tensor> in = new ArrayList<>();
        in.add(Tensor.of(Shape.of(x.length), x));
        in.addAll(c.extra());
        return Operators.find(c.op()).orElseThrow().evaluate(node, in).get(0).data();
    }

    /** x[n] -> op(x, constants) -> y. */
    static Graph graph(Case c, int n) {
        Map<String, Tensor> constants = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>(List.of("x"));
        for (int i = 0; i < c.extra().size(); i++) {
            constants.put("c" + i, c.extra().get(i));
            inputs.add("c" + i);
        }
        Node node = new Node("act", c.op(), inputs, List.of("y"), c.attrs());
        return GraphInference.build("test", "test", 17, List.of(new ValueInfo("x", DataType.DOUBLE, Shape.of(n))),
            List.of("y"), List.of(node), constants);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void narrowIntervalsGetTightLines(Case c) {
        if (c.op().equals("Sign")) {
            return; // a step: no line is tight across it
        }
        SplittableRandom rnd = new SplittableRandom(c.name().hashCode() + 1);
        Relaxation r = Relaxations.find(c.op()).orElseThrow();
        int n = 20;
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; ) {
            double centre = c.special()[i % c.special().length] + 3 * (rnd.nextDouble() - 0.5);
            double w = 1e-6 * rnd.nextDouble();
            if (inDomain(c.domain(), centre - w, centre + w)) {
                lo[i] = centre - w;
                hi[i] = centre + w;
                i++;
            }
        }
        Interval x = new Interval(lo, hi);
        Graph g = graph(c, n);
        Node node = g.nodes().get(0);
        Map<String, double[]> acc = new HashMap<>();
        double[] bias = new double[2 * n];
        double[] coef = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            coef[i * n + i] = 1;
            coef[(n + i) * n + i] = -1;
        }
        r.backward(node, new BackwardStep(g, node, 2 * n, new double[][] {coef}, v -> x,
            v -> acc.computeIfAbsent(v, k -> new double[2 * n * n]), bias, null));
        double[] a = acc.get("x");
        for (int i = 0; i < n; i++) {
            double[] f = evaluate(node, c, new double[] {lo[i], (lo[i] + hi[i]) / 2, hi[i]});
            // chord and tangent differ by about f'' w^2 / 8; the second difference is f'' w^2 / 4
            double curvature = Math.abs(f[0] - 2 * f[1] + f[2]);
            for (double t : new double[] {lo[i], hi[i]}) {
                double gap = (-a[(n + i) * n + i] * t - bias[n + i]) - (a[i * n + i] * t + bias[i]);
                double scale = 1 + Math.abs(t) + Math.abs(f[1]);
                assertTrue(gap <= 2 * curvature + 1e-9 * scale,
                    c + " on [" + lo[i] + ", " + hi[i] + "]: lines " + gap + " apart at " + t);
            }
        }
    }
}
