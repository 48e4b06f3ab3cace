package io.netverify.bab.lp;

import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Small random ReLU networks (Linear, Affine, Relu, Add, Sub, View; Conv, Flatten), boxes and points. */
public final class TestNetworks {
    /** The piecewise-linear activations whose inputs {@link #preActivations} reports. */
    private static final Set<String> KINKED = Set.of("Relu", "LeakyRelu", "Abs");

    private TestNetworks() {
    }

    /** An element-wise activation of the test networks: its op type and, for LeakyRelu, its slope below 0. */
    public record Activation(String op, double alpha) {
        public static final Activation RELU = new Activation("Relu", Double.NaN);
        public static final Activation ABS = new Activation("Abs", Double.NaN);

        /** LeakyRelu with the given slope below 0 (above 1: concave). */
        public static Activation leakyRelu(double alpha) {
            return new Activation("LeakyRelu", alpha);
        }

        Attributes attributes() {
            return Double.isNaN(alpha) ? Attributes.EMPTY : new Attributes(Map.of("alpha", alpha));
        }

        @Override
        public String toString() {
            return op + (Double.isNaN(alpha) ? "" : " " + alpha);
        }
    }

    /** {@link #mlp(long, int, int, int, int, Activation)} with ReLU. */
    public static Graph mlp(long seed, int in, int hidden, int layers, int out) {
        return mlp(seed, in, hidden, layers, out, Activation.RELU);
    }

    /**
     * x[1, in] -> Affine -> (Linear -> activation) x layers -> Linear, with a residual Add (and a Sub of
     * a constant) around the second hidden layer and a View in front of the last layer.
     */
    public static Graph mlp(long seed, int in, int hidden, int layers, int out, Activation activation) {
        RandomGraphs t = new RandomGraphs(seed);
        String h = t.node("Affine", "x", t.constant(t.gaussian(1, in)), t.constant(t.gaussian(0.1, in)));
        h = t.node(activation.op(), activation.attributes(), t.linear(h, in, hidden));
        for (int k = 1; k < layers; k++) {
            String next = t.node(activation.op(), activation.attributes(), t.linear(h, hidden, hidden));
            h = k == 1 ? t.node("Sub", t.node("Add", next, h), t.constant(t.gaussian(0.1, hidden))) : next;
        }
        Attributes view = new Attributes(Map.of("shape", new long[] {hidden}));
        return t.build(Shape.of(1, in), t.linear(t.node("View", view, h), hidden, out));
    }

    /**
     * x[1, 2, 6, 6] -> Conv(4, 3x3, asymmetric pads) -> Relu -> Conv(4, 2x2, 2 groups, strides 2,
     * dilations (2, 1)) -> Relu -> Flatten -> Linear(3): each of Conv's geometry attributes in play.
     */
    public static Graph convNet(long seed) {
        RandomGraphs t = new RandomGraphs(seed);
        Attributes first = new Attributes(Map.of("pads", new long[] {1, 0, 1, 1}));
        String h = t.node("Relu", t.node("Conv", first, "x", t.constant(t.gaussian(0.4, 4, 2, 3, 3)),
            t.constant(t.gaussian(0.1, 4))));
        Attributes second = new Attributes(Map.of("group", 2L, "strides", new long[] {2, 2}, "dilations", new long[] {2, 1}));
        h = t.node("Relu", t.node("Conv", second, h, t.constant(t.gaussian(0.5, 4, 2, 2, 2)), t.constant(t.gaussian(0.1, 4))));
        h = t.node("Flatten", new Attributes(Map.of("axis", 1L)), h);
        return t.build(Shape.of(1, 2, 6, 6), t.linear(h, 16, 3));
    }

    /** A random box around a random centre in [-1, 1]^n with widths up to {@code maxWidth}. */
    public static Interval box(long seed, int n, double maxWidth) {
        return new RandomGraphs(seed).box(n, maxWidth);
    }

    /** The inputs of the network's ReLU (LeakyRelu, Abs) nodes at input x, by value name. */
    public static Map<String, Tensor> preActivations(Graph g, double[] x) {
        List<String> values = g.nodes().stream().filter(n -> KINKED.contains(n.opType())).map(n -> n.input(0)).toList();
        Graph probe = new Graph(g.name(), g.opset(), g.inputs(), values, g.nodes(), g.constants(), g.values());
        return new Evaluator(probe).run(Map.of(g.inputs().get(0).name(), Tensor.of(g.inputs().get(0).shape(), x)));
    }

    /** A uniformly random point of the box. */
    public static double[] point(Interval box, SplittableRandom r) {
        double[] x = new double[box.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = box.lower()[i] + r.nextDouble() * (box.upper()[i] - box.lower()[i]);
        }
        return x;
    }
}
