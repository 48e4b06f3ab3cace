package io.netverify.verifier.api;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;

/**
 * A loaded network with one input and one output, both seen as flat vectors of doubles (row-major,
 * batch dimension 1), as VNN-LIB numbers them: {@code X_0 .. X_(inputSize-1)} and
 * {@code Y_0 .. Y_(outputSize-1)}. Immutable; safe to share between threads.
 */
public final class Network {
    private final Graph graph;
    private final String source;

    Network(Graph graph, String source) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new ModelException(source + ": the network has " + graph.inputs().size() + " inputs and "
                + graph.outputs().size() + " outputs; one of each is supported");
        }
        this.graph = graph;
        this.source = source;
    }

    /**
     * The number of input values.
     *
     * @return the size of the flattened input
     */
    public int inputSize() {
        return graph.inputs().get(0).shape().size();
    }

    /**
     * The number of output values.
     *
     * @return the size of the flattened output
     */
    public int outputSize() {
        return graph.shape(graph.outputs().get(0)).size();
    }

    /**
     * Evaluates the network exactly in float64, node by node.
     *
     * @param x the input, {@link #inputSize()} values
     * @return the output, {@link #outputSize()} values
     * @throws IllegalArgumentException if x has the wrong length
     */
    public double[] evaluate(double[] x) {
        checkInput(x, "x");
        return new Evaluator(graph).evaluate(x);
    }

    /**
     * The class the network predicts: the index of the largest output (the first on a tie).
     *
     * @param x the input, {@link #inputSize()} values
     * @return the index of the largest output value
     */
    public int predict(double[] x) {
        double[] y = evaluate(x);
        int best = 0;
        for (int j = 1; j < y.length; j++) {
            best = y[j] > y[best] ? j : best;
        }
        return best;
    }

    /**
     * The network in the project's graph IR, for the full API ({@code BoundPropagator.of(graph)},
     * {@code Verifier.verify(graph, ...)}, {@code Lipschitz.of(graph)}).
     *
     * @return the normalised graph
     */
    public Graph graph() {
        return graph;
    }

    /**
     * Where the network came from.
     *
     * @return the file it was read from
     */
    public String source() {
        return source;
    }

    void checkInput(double[] x, String what) {
        if (x.length != inputSize()) {
            throw new IllegalArgumentException(what + " has " + x.length + " values, the network takes " + inputSize());
        }
    }

    @Override
    public String toString() {
        return "Network[" + source + ", " + inputSize() + " inputs, " + outputSize() + " outputs]";
    }
}
