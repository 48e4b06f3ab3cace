package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.bounds.relax.ResamplingRelaxation;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;

import java.util.List;

/**
 * Base of Resize and Upsample with constant scales, sizes and roi (any mode): a linear map that
 * resamples one axis after the other by a matrix W read off the operator itself (see
 * {@link ResamplingRelaxation#axisMatrices}), so its adjoint applies each W^T in reverse order: G
 * viewed as {@code [outer, out, inner]} around the axis, then MatMul by the constant W^T.
 */
abstract class ResamplingGradient implements GradientRule {
    private final ResamplingRelaxation map;

    ResamplingGradient(ResamplingRelaxation map) {
        this.map = map;
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        int[] dims = builder.shape(node.output()).dims();
        String g = outputGradient;
        List<ResamplingRelaxation.AxisMatrix> axes = matrices(node, builder);
        for (int k = axes.size() - 1; k >= 0; k--) {
            ResamplingRelaxation.AxisMatrix m = axes.get(k);
            int a = m.axis();
            int out = m.weights().length;
            int in = m.weights()[0].length;
            int outer = 1;
            for (int d = 0; d < a; d++) {
                outer *= dims[d];
            }
            int inner = Shape.of(dims).size() / (outer * out);
            double[] t = new double[in * out];
            for (int j = 0; j < out; j++) {
                for (int q = 0; q < in; q++) {
                    t[q * out + j] = m.weights()[j][q];
                }
            }
            g = builder.node("MatMul", builder.constant(Tensor.of(Shape.of(in, out), t)), builder.view(g, Shape.of(outer, out, inner)));
            dims[a] = in;
        }
        builder.contribute(node.input(0), builder.view(g, builder.shape(node.input(0))));
    }

    private List<ResamplingRelaxation.AxisMatrix> matrices(Node node, JacobianBuilder builder) {
        for (int i = 1; i < node.inputs().size(); i++) {
            if (!node.input(i).isEmpty()) {
                builder.requireConstant(node, i);
            }
        }
        return map.axisMatrices(node, builder.forward());
    }

    /** The product over the axes of each W's gain ({@link MatrixGain}), rounded up. */
    @Override
    public double gain(Node node, JacobianBuilder builder, InputNorm norm) {
        double g = 1;
        for (ResamplingRelaxation.AxisMatrix m : matrices(node, builder)) {
            int out = m.weights().length;
            int in = m.weights()[0].length;
            double[] w = new double[out * in];
            for (int j = 0; j < out; j++) {
                System.arraycopy(m.weights()[j], 0, w, j * in, in);
            }
            g *= MatrixGain.of(Tensor.of(Shape.of(out, in), w), false, norm) * (1 + 0x1p-50);
        }
        return g;
    }
}
