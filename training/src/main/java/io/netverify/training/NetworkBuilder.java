package io.netverify.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Builds a {@link Network} layer by layer; each layer takes the previous one's output geometry.
 * {@link #build()} initialises the weights with the IBP initialisation of Shi et al. (2021, "Fast
 * certified robust training with short warmup"): every Linear and Conv weight but the last layer's
 * is drawn from {@code N(0, (sqrt(2 pi) / fanIn)^2)}, which keeps the width of interval bounds
 * stable from layer to layer at initialisation, and halved where the layer reads a residual sum;
 * the last layer's weights and all biases keep the usual {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}.
 */
public final class NetworkBuilder {
    private final Geometry input;
    private final Random random;
    private final List<Layer> layers = new ArrayList<>();
    private final List<AffineLayer> afterResidual = new ArrayList<>();
    private Geometry current;
    private boolean residualOutput;
    /** Prefix of the parameter names (a residual body's layers are named inside the block's). */
    private String prefix = "";

    NetworkBuilder(Geometry input, Random random) {
        this.input = input;
        this.current = input;
        this.random = random;
    }

    private NetworkBuilder add(Layer layer) {
        if (residualOutput && layer instanceof AffineLayer a && !(layer instanceof BatchNorm)) {
            afterResidual.add(a);
        }
        residualOutput = layer instanceof Residual;
        layers.add(layer);
        current = layer.output();
        return this;
    }

    private String name() {
        return prefix + "layer" + layers.size();
    }

    /**
     * A fully connected layer (flat inputs).
     *
     * @param outputs the number of outputs
     * @return this builder
     */
    public NetworkBuilder linear(int outputs) {
        return add(new Linear(current, outputs, name()));
    }

    /**
     * A convolution with square kernel, stride and zero padding (image inputs).
     *
     * @param outChannels the output channels
     * @param kernel      the kernel's side
     * @param stride      the stride in both directions
     * @param padding     the zero padding on every side
     * @return this builder
     */
    public NetworkBuilder conv(int outChannels, int kernel, int stride, int padding) {
        return add(new Conv2d(current, outChannels, kernel, stride, padding, name()));
    }

    /** {@return this builder, with batch normalisation per channel} */
    public NetworkBuilder batchNorm() {
        return add(new BatchNorm(current, name()));
    }

    /** {@return this builder, with ReLU} */
    public NetworkBuilder relu() {
        return add(new Relu(current));
    }

    /**
     * Leaky ReLU.
     *
     * @param slope the slope below 0, in [0, 1)
     * @return this builder
     */
    public NetworkBuilder leakyRelu(double slope) {
        return add(new LeakyRelu(current, slope));
    }

    /** {@return this builder, with the logistic sigmoid} */
    public NetworkBuilder sigmoid() {
        return add(new Sigmoid(current));
    }

    /** {@return this builder, with the hyperbolic tangent} */
    public NetworkBuilder tanh() {
        return add(new Tanh(current));
    }

    /** {@return this builder, with a layer that flattens an image to a vector} */
    public NetworkBuilder flatten() {
        return add(new Flatten(current));
    }

    /**
     * Average pooling over square windows, no padding.
     *
     * @param kernel the window's side
     * @param stride the stride in both directions
     * @return this builder
     */
    public NetworkBuilder averagePool(int kernel, int stride) {
        return add(new AveragePool(current, kernel, stride));
    }

    /**
     * Max pooling over square windows, no padding.
     *
     * @param kernel the window's side
     * @param stride the stride in both directions
     * @return this builder
     */
    public NetworkBuilder maxPool(int kernel, int stride) {
        return add(new MaxPool(current, kernel, stride));
    }

    /**
     * A residual block {@code x + body(x)}; the body must give back the current geometry.
     *
     * @param body adds the body's layers to the builder it is given
     * @return this builder
     */
    public NetworkBuilder residual(Consumer<NetworkBuilder> body) {
        NetworkBuilder inner = new NetworkBuilder(current, random);
        inner.prefix = name() + ".";
        body.accept(inner);
        afterResidual.addAll(inner.afterResidual);
        return add(new Residual(current, inner.layers));
    }

    /** The output shape of the layers so far. */
    Geometry current() {
        return current;
    }

    /** {@return the network, with the IBP initialisation of the class comment} */
    public Network build() {
        List<AffineLayer> affine = new ArrayList<>();
        collect(layers, affine);
        for (int i = 0; i < affine.size(); i++) {
            initialise(affine.get(i), i == affine.size() - 1);
        }
        return new Network(input, layers);
    }

    private static void collect(List<Layer> from, List<AffineLayer> into) {
        for (Layer l : from) {
            if (l instanceof Residual r) {
                collect(r.body(), into);
            } else if (l instanceof AffineLayer a && !(l instanceof BatchNorm)) {
                into.add(a);
            }
        }
    }

    private void initialise(AffineLayer layer, boolean last) {
        double[] w = layer.weight();
        int fanIn = w.length / layer.bias().length;
        double bound = 1 / Math.sqrt(fanIn);
        double std = Math.sqrt(2 * Math.PI) / fanIn * (afterResidual.contains(layer) ? 0.5 : 1);
        for (int i = 0; i < w.length; i++) {
            w[i] = last ? bound * (2 * random.nextDouble() - 1) : std * random.nextGaussian();
        }
        double[] b = layer.bias();
        for (int i = 0; i < b.length; i++) {
            b[i] = bound * (2 * random.nextDouble() - 1);
        }
    }
}
