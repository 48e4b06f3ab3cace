package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

/**
 * ConvTranspose(x, W, b), the adjoint of a convolution by W: the gradient of x is Conv(G, W) with the
 * same strides, pads, dilations and groups (output padding only adds positions no input reaches).
 * Explicit pads only (auto_pad NOTSET or VALID, no output_shape).
 */
public final class ConvTransposeGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        ConvGeometry g = ConvGeometry.of(node, builder.requireConstant(node, 1));
        if (node.attributes().has("output_shape")) {
            throw new IllegalArgumentException("Lipschitz bounds: " + node.describe()
                + " sets its output size by output_shape; only explicit pads are supported");
        }
        Shape x = builder.shape(node.input(0));
        Shape y = builder.shape(node.output());
        int spatial = g.spatial();
        for (int i = 0; i < spatial; i++) {
            int convOut = (y.dim(2 + i) + g.pads()[i] + g.pads()[spatial + i] - g.dilations()[i] * (g.kernel()[i] - 1) - 1)
                / g.strides()[i] + 1;
            if (convOut != x.dim(2 + i)) {
                throw new IllegalArgumentException("Lipschitz bounds: " + node.describe() + " has an output padding of a stride"
                    + " or more on spatial axis " + i + "; its adjoint convolution would not give back the input's size");
            }
        }
        builder.contribute(node.input(0), builder.node("Conv", new Attributes(g.attributes()), outputGradient, node.input(1)));
    }

    /**
     * The convolution by W carries G: l_1 (l_inf inputs) the largest abs sum of W over one index of
     * its second axis (the channels of G), l_inf over one index of its first axis (the channels of
     * x), l_2 the square root of their product. See {@link ConvGradient#kernelSums}.
     */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        double[] sums = ConvGradient.kernelSums(builder.requireConstant(node, 1));
        return switch (norm) {
            case LINF -> sums[1];
            case L1 -> sums[0];
            case L2 -> Math.sqrt(sums[0] * sums[1]);
        };
    }
}
