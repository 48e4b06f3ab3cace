package io.netverify.onnx;

import io.netverify.onnx.ops.Operator;
import io.netverify.onnx.ops.Operators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Exact forward evaluation of a {@link Graph}. This is the judge of every counterexample, so it
 * evaluates every operator as ONNX defines it, in float64 (or rounding each floating-point node
 * output to float32 when asked, to mimic a float32 runtime). Thread-safe: batches run in parallel.
 */
public final class Evaluator {
    /** Arithmetic of node outputs. */
    public enum Precision { FLOAT64, FLOAT32 }

    private final Graph graph;
    private final Precision precision;
    private final Operator[] operators;
    /** For each node, the values whose last use it is (freed after it runs). */
    private final List<List<String>> lastUses;

    public Evaluator(Graph graph) {
        this(graph, Precision.FLOAT64);
    }

    public Evaluator(Graph graph, Precision precision) {
        this.graph = graph;
        this.precision = precision;
        List<Node> nodes = graph.nodes();
        operators = new Operator[nodes.size()];
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            operators[i] = Operators.find(n.opType())
                .orElseThrow(() -> new ModelException("unsupported operator " + n.describe()));
            for (String in : n.inputs()) {
                last.put(in, i);
            }
        }
        lastUses = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            lastUses.add(new ArrayList<>());
        }
        last.forEach((value, i) -> {
            if (!graph.outputs().contains(value) && !graph.isConstant(value)) {
                lastUses.get(i).add(value);
            }
        });
    }

    public Graph graph() {
        return graph;
    }

    /** Evaluates the graph; returns every graph output by name. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, Tensor> env = new HashMap<>(graph.constants());
        for (ValueInfo in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new IllegalArgumentException("missing value for graph input '" + in.name() + "'");
            }
            if (t.size() != in.shape().size()) {
                throw new IllegalArgumentException("input '" + in.name() + "' needs " + in.shape().size()
                    + " values (shape " + in.shape() + "), got " + t.size());
            }
            env.put(in.name(), round(t.reshape(in.shape()).withType(in.type())));
        }
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            List<Tensor> args = new ArrayList<>(n.inputs().size());
            for (String name : n.inputs()) {
                args.add(name.isEmpty() ? null : env.get(name));
            }
            List<Tensor> results;
            try {
                results = operators[i].evaluate(n, args);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new ModelException("cannot evaluate " + n.describe() + ": " + e.getMessage(), e);
            }
            for (int k = 0; k < results.size() && k < n.outputs().size(); k++) {
                if (!n.outputs().get(k).isEmpty()) {
                    env.put(n.outputs().get(k), round(results.get(k)));
                }
            }
            for (String dead : lastUses.get(i)) {
                env.remove(dead);
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : graph.outputs()) {
            out.put(name, env.get(name));
        }
        return out;
    }

    /** For a graph with one input: evaluates the flat input, returns all outputs flattened in order. */
    public double[] evaluate(double[] input) {
        if (graph.inputs().size() != 1) {
            throw new IllegalArgumentException("graph has " + graph.inputs().size() + " inputs; use run()");
        }
        ValueInfo in = graph.inputs().get(0);
        Map<String, Tensor> out = run(Map.of(in.name(), new Tensor(in.type(), in.shape(), input.clone())));
        int total = 0;
        for (Tensor t : out.values()) {
            total += t.size();
        }
        double[] flat = new double[total];
        int pos = 0;
        for (Tensor t : out.values()) {
            System.arraycopy(t.backingArray(), 0, flat, pos, t.size());
            pos += t.size();
        }
        return flat;
    }

    /** {@link #evaluate(double[])} for many inputs, in parallel on all cores. */
    public double[][] evaluateBatch(double[][] inputs) {
        double[][] out = new double[inputs.length][];
        IntStream.range(0, inputs.length).parallel().forEach(i -> out[i] = evaluate(inputs[i]));
        return out;
    }

    private Tensor round(Tensor t) {
        if (precision != Precision.FLOAT32 || !t.type().isFloating()) {
            return t;
        }
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) d[i];
        }
        return new Tensor(t.type(), t.shape(), d);
    }
}
