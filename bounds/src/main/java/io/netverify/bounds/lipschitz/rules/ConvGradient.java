package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.Map;

/**
 * Conv(x, W, b): the gradient of x is ConvTranspose(G, W), the adjoint with the same kernel,
 * strides, pads, dilations and groups, and the output padding that gives back x's spatial size.
 */
public final class ConvGradient implements GradientRule {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        ConvGeometry g = ConvGeometry.of(node, builder.requireConstant(node, 1));
        Shape x = builder.shape(node.input(0));
        Shape y = builder.shape(node.output());
        int spatial = g.spatial();
        long[] outputPadding = new long[spatial];
        for (int i = 0; i < spatial; i++) {
            int reached = (y.dim(2 + i) - 1) * g.strides()[i] - g.pads()[i] - g.pads()[spatial + i]
                + g.dilations()[i] * (g.kernel()[i] - 1) + 1;
            outputPadding[i] = x.dim(2 + i) - reached;
        }
        Map<String, Object> t = g.attributes();
        t.put("output_padding", outputPadding);
        builder.contribute(node.input(0), builder.node("ConvTranspose", new Attributes(t), outputGradient, node.input(1)));
    }

    /**
     * l_1 (l_inf inputs): an output element's gradient reaches each input through one weight of its
     * channel, so the largest abs sum of an output channel's kernel; l_inf: an input element gets at
     * most one term per weight of its channel (each tap of each output channel reaches it from one
     * output position at most), so the largest abs sum over the weights of an input channel; l_2:
     * the square root of their product.
     */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        double[] sums = kernelSums(builder.requireConstant(node, 1));
        return switch (norm) {
            case LINF -> sums[0];
            case L1 -> sums[1];
            case L2 -> Math.sqrt(sums[0] * sums[1]);
        };
    }

    /**
     * The largest abs sum of a kernel's weights {@code W[m, c, k...]} with the same first index m,
     * and with the same second index c: an element of the gradient that a convolution by W (or its
     * adjoint) carries reaches at most one term per weight.
     */
    static double[] kernelSums(Tensor w) {
        int m = w.shape().dim(0);
        int c = w.shape().dim(1);
        int k = w.size() / (m * c);
        double[] perOut = new double[m];
        double[] perIn = new double[c];
        for (int o = 0; o < m; o++) {
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < k; j++) {
                    double v = Math.abs(w.get((o * c + i) * k + j));
                    perOut[o] += v;
                    perIn[i] += v;
                }
            }
        }
        return new double[] {java.util.Arrays.stream(perOut).max().orElse(0), java.util.Arrays.stream(perIn).max().orElse(0)};
    }
}
