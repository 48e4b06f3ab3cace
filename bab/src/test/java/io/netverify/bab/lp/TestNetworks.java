package io.netverify.bab.lp;

import io.netverify.bounds.Interval;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small random ReLU networks in the normalised IR (Linear, Affine, Relu, Add, Sub, View) and boxes. */
final class TestNetworks {
    private final SplittableRandom rnd;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();
    private int counter;

    TestNetworks(long seed) {
        rnd = new SplittableRandom(seed);
    }

    double gaussian() {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private String constant(double scale, int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = scale * gaussian();
        }
        String name = "c" + counter++;
        constants.put(name, Tensor.of(s, d));
        return name;
    }

    String node(String op, Attributes attrs, String... inputs) {
        String out = op.toLowerCase() + counter++;
        nodes.add(new Node(op + "_" + counter, op, List.of(inputs), List.of(out), attrs));
        return out;
    }

    String node(String op, String... inputs) {
        return node(op, Attributes.EMPTY, inputs);
    }

    String linear(String x, int in, int out) {
        return node("Linear", x, constant(1 / Math.sqrt(in), out, in), constant(0.3, out));
    }

    Graph build(Shape input, String output) {
        return GraphInference.build("test", "test", 17, List.of(new ValueInfo("x", DataType.DOUBLE, input)),
            List.of(output), nodes, constants);
    }

    /**
     * x[1, in] -> Affine -> (Linear -> Relu) x layers -> Linear, with a residual Add (and a Sub of
     * a constant) around the second hidden layer and a View in front of the last layer.
     */
    static Graph mlp(long seed, int in, int hidden, int layers, int out) {
        TestNetworks t = new TestNetworks(seed);
        String h = t.node("Affine", "x", t.constant(1, in), t.constant(0.1, in));
        h = t.node("Relu", t.linear(h, in, hidden));
        for (int k = 1; k < layers; k++) {
            String next = t.node("Relu", t.linear(h, hidden, hidden));
            h = k == 1 ? t.node("Sub", t.node("Add", next, h), t.constant(0.1, hidden)) : next;
        }
        Attributes view = new Attributes(Map.of("shape", new long[] {hidden}));
        return t.build(Shape.of(1, in), t.linear(t.node("View", view, h), hidden, out));
    }

    /** A random box around a random centre in [-1, 1]^n with widths up to {@code maxWidth}. */
    static Interval box(long seed, int n, double maxWidth) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] l = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            double c = r.nextDouble() * 2 - 1;
            double w = r.nextDouble() * maxWidth;
            l[i] = c - w / 2;
            u[i] = c + w / 2;
        }
        return new Interval(l, u);
    }

    /** A uniformly random point of the box. */
    static double[] point(Interval box, SplittableRandom r) {
        double[] x = new double[box.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = box.lower()[i] + r.nextDouble() * (box.upper()[i] - box.lower()[i]);
        }
        return x;
    }
}
