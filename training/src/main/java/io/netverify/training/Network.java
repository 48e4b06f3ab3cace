package io.netverify.training;

import io.netverify.onnx.AtomicFiles;
import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModelBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A trainable feed-forward network: a chain of {@link Layer}s from an input {@link Geometry} to a
 * vector of class scores, built with {@link #builder}, trained with {@link RobustLoss} and an
 * {@link Optimizer}, and exported to ONNX for the verifier.
 */
public final class Network {
    private final Geometry input;
    private final List<Layer> layers;

    Network(Geometry input, List<Layer> layers) {
        if (layers.isEmpty() || layers.get(layers.size() - 1).output().image()) {
            throw new IllegalArgumentException("a network ends with a layer giving a vector of class scores");
        }
        this.input = input;
        this.layers = List.copyOf(layers);
        // the input boxes are data, not parameters: their gradients are never needed
        this.layers.get(0).inputGradient = false;
    }

    /**
     * A builder of a network.
     *
     * @param input the shape of one input sample
     * @param seed  the seed the weights are drawn from
     * @return the builder, without layers
     */
    public static NetworkBuilder builder(Geometry input, long seed) {
        return new NetworkBuilder(input, new Random(seed));
    }

    /** {@return the shape of one input sample} */
    public Geometry input() {
        return input;
    }

    /** {@return the layers, input first} */
    public List<Layer> layers() {
        return layers;
    }

    /** {@return the number of class scores} */
    public int classes() {
        return layers.get(layers.size() - 1).output().size();
    }

    /** {@return every trainable parameter, in layer order} */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        layers.forEach(l -> all.addAll(l.parameters()));
        return Collections.unmodifiableList(all);
    }

    /** Sets every parameter gradient to 0. */
    public void zeroGradients() {
        parameters().forEach(Parameter::zeroGradient);
    }

    /**
     * Training mode (batch normalisation uses and updates batch statistics) or evaluation mode (the default).
     *
     * @param on true for training mode
     */
    public void training(boolean on) {
        layers.forEach(l -> l.training(on));
    }

    /**
     * The class scores of a batch.
     *
     * @param x the inputs, {@code n x input size} row-major
     * @param n the number of inputs
     * @return the scores, {@code n x classes}
     */
    public double[] scores(double[] x, int n) {
        checkBatch(x, n);
        return Layers.forward(layers, x, n);
    }

    void checkBatch(double[] x, int n) {
        if (n < 1 || x.length != n * input.size()) {
            throw new IllegalArgumentException("a batch of " + n + " inputs of size " + input.size() + " has "
                + ((long) n * input.size()) + " values, got " + x.length);
        }
    }

    /**
     * The ONNX model of the network in evaluation mode (batch normalisation with its running
     * statistics), input {@code input} and output {@code output} with a symbolic batch dimension,
     * weights stored as {@code storage} (FLOAT or DOUBLE).
     *
     * @param storage the element type of the weights
     * @return the model's bytes
     */
    public byte[] toOnnx(DataType storage) {
        OnnxExport onnx = new OnnxExport(storage);
        Layers.export(layers, onnx, "input");
        OnnxModelBuilder model = onnx.finish("output");
        model.input("input", storage, input.onnxDims(OnnxModelBuilder.BATCH));
        model.output("output", storage, OnnxModelBuilder.BATCH, classes());
        return model.build();
    }

    /**
     * Writes {@link #toOnnx} with float32 weights atomically.
     *
     * @param file the model file
     * @throws IOException when the file cannot be written
     */
    public void writeOnnx(Path file) throws IOException {
        AtomicFiles.write(file, toOnnx(DataType.FLOAT));
    }
}
