package io.netverify.training;

import java.util.List;

/**
 * One layer of a trainable network. Each layer type owns four passes over a batch of {@code n}
 * samples and the reverse rule of each: the clean forward pass, interval bound propagation (IBP),
 * CROWN's backward pass of linear bounds (over the IBP bounds of the layer's input), and their
 * reverses, which add the gradient of a loss to the layer's {@link Parameter}s.
 *
 * <p>A pass records what its reverse needs in the layer, so one batch is processed at a time, in
 * this order: {@link #forward}, {@link #ibp}, {@link #backward} (last layer first), then
 * {@link #backwardReverse} (first layer first), {@link #ibpReverse} (last layer first) and
 * {@link #forwardReverse} (last layer first). Layers are not thread-safe.
 */
public abstract class Layer {
    /** The shape of one sample's input. */
    protected final Geometry in;
    /** Whether the reverse passes must return gradients with respect to the input (not for the network's first layer). */
    boolean inputGradient = true;

    /**
     * A layer taking inputs of the given shape.
     *
     * @param in the shape of one sample's input
     */
    protected Layer(Geometry in) {
        this.in = in;
    }

    /** {@return the shape of one sample's input} */
    public Geometry input() {
        return in;
    }

    /** {@return the shape of one sample's output} */
    public abstract Geometry output();

    /** {@return the trainable parameters (none by default)} */
    public List<Parameter> parameters() {
        return List.of();
    }

    /** Training mode (batch statistics where a layer has them) or evaluation mode. */
    void training(boolean on) {
    }

    /** The outputs for inputs {@code x} ({@code n x in}). */
    abstract double[] forward(double[] x, int n);

    /** The gradient with respect to the last {@link #forward}'s input from that with respect to its output. */
    abstract double[] forwardReverse(double[] gy, int n);

    /** Interval bounds of the outputs over the input box. */
    abstract Box ibp(Box x, int n);

    /**
     * The gradient with respect to the last {@link #ibp}'s input box from that with respect to its
     * output box, plus what {@link #backwardReverse} left on the input box.
     */
    abstract Box ibpReverse(Box g, int n);

    /**
     * One step of CROWN's backward pass: {@code lambda} holds {@code n * rows} linear functions of
     * this layer's output (row {@code r} belongs to sample {@code r / rows}); returns the
     * coefficients of the same lower bounds as functions of its input and adds their constant
     * terms to {@code bias}. Nonlinear layers relax over the last {@link #ibp}'s input box.
     */
    abstract double[] backward(double[] lambda, int n, int rows, double[] bias);

    /**
     * The gradient with respect to the last {@link #backward}'s {@code lambda} from those with
     * respect to its result and to {@code bias}; gradients with respect to the IBP input box are
     * kept for {@link #ibpReverse}.
     */
    abstract double[] backwardReverse(double[] gLambdaIn, double[] gBias, int n, int rows);

    /** Adds this layer's ONNX nodes reading {@code input}; returns the name of its output. */
    abstract String export(OnnxExport onnx, String input);
}
