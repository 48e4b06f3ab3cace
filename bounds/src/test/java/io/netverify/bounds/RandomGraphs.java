package io.netverify.bounds;

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

/** Random graphs in the normalised IR, for soundness tests of every relaxation. */
public final class RandomGraphs {
    private final SplittableRandom rnd;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();
    private int counter;

    public RandomGraphs(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    public Tensor gaussian(double scale, int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            double u = rnd.nextDouble();
            double v = rnd.nextDouble();
            d[i] = scale * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }
        return Tensor.of(s, d);
    }

    public String constant(Tensor t) {
        String name = "c" + counter++;
        constants.put(name, t);
        return name;
    }

    /** Adds a node with one output; returns the output name. */
    public String node(String op, Attributes attrs, String... inputs) {
        String out = op.toLowerCase() + counter++;
        nodes.add(new Node(op + "_" + counter, op, List.of(inputs), List.of(out), attrs));
        return out;
    }

    /** Adds a node with {@code outputs} outputs; returns their names. */
    public String[] nodes(String op, Attributes attrs, int outputs, String... inputs) {
        String[] out = new String[outputs];
        for (int o = 0; o < outputs; o++) {
            out[o] = op.toLowerCase() + counter++ + "_" + o;
        }
        nodes.add(new Node(op + "_" + counter, op, List.of(inputs), List.of(out), attrs));
        return out;
    }

    public String node(String op, String... inputs) {
        return node(op, Attributes.EMPTY, inputs);
    }

    /** A k x k Conv from {@code in} to {@code out} channels with random weights (He scale) and bias. */
    public String conv(String x, int in, int out, int k, Attributes attrs) {
        Tensor w = gaussian(Math.sqrt(2.0 / (in * k * k)), out, in, k, k);
        return node("Conv", attrs, x, constant(w), constant(gaussian(0.1, out)));
    }

    /** Linear layer with random weights (scale 1/sqrt(in)) and bias. */
    public String linear(String x, int in, int out) {
        return node("Linear", x, constant(gaussian(1 / Math.sqrt(in), out, in)), constant(gaussian(0.3, out)));
    }

    public Graph build(Shape inputShape, String output) {
        return GraphInference.build("random", "random", 17, List.of(new ValueInfo("x", DataType.DOUBLE, inputShape)),
            List.of(output), nodes, constants);
    }

    /** A graph with several inputs (flat double vectors of the given sizes, by name) and outputs. */
    public Graph build(Map<String, Integer> inputs, List<String> outputs) {
        List<ValueInfo> infos = new ArrayList<>();
        inputs.forEach((name, size) -> infos.add(new ValueInfo(name, DataType.DOUBLE, Shape.of(size))));
        return GraphInference.build("random", "random", 17, infos, outputs, nodes, constants);
    }

    /** A random box of the given size around a random centre, with widths up to {@code maxWidth}. */
    public Interval box(int n, double maxWidth) {
        double[] l = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            double c = rnd.nextDouble() * 2 - 1;
            double w = rnd.nextDouble() * maxWidth;
            l[i] = c - w / 2;
            u[i] = c + w / 2;
        }
        return new Interval(l, u);
    }
}
