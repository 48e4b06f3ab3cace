package io.netverify.training;

import java.util.List;

/** An affine layer whose parameters are one weight and one bias (Linear, Conv2d). */
abstract class WeightBiasLayer extends AffineLayer {
    final Parameter weight;
    final Parameter bias;

    WeightBiasLayer(Geometry in, Parameter weight, Parameter bias) {
        super(in);
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    double[] weight() {
        return weight.value();
    }

    @Override
    double[] bias() {
        return bias.value();
    }

    @Override
    double[] weightGradient() {
        return weight.gradient();
    }

    @Override
    double[] biasGradient() {
        return bias.gradient();
    }
}
