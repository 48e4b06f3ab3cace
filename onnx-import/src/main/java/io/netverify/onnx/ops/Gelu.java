package io.netverify.onnx.ops;

import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * ONNX Gelu (opset 20), also the project's normalised Gelu: {@code x * Phi(x)} with the exact
 * normal CDF when attribute {@code approximate} is "none" (default), or the tanh approximation
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} when it is "tanh".
 */
public final class Gelu extends ElementwiseUnary implements Operator {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        usesTanh(node);
        return super.infer(node, inputs, constants);
    }

    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        return usesTanh(node) ? Gelu::tanh : Gelu::exact;
    }

    private static boolean usesTanh(Node node) {
        String approximate = node.attributes().getString("approximate", "none");
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("attribute approximate must be \"none\" or \"tanh\", not \""
                + approximate + "\"");
        }
        return approximate.equals("tanh");
    }

    /** 0.5 x (1 + erf(x / sqrt 2)) written with erfc, which keeps its precision for negative x. */
    private static double exact(double x) {
        return 0.5 * x * SpecialFunctions.erfc(-x * SQRT_HALF);
    }

    /** 0.5 x (1 + tanh(u)) = x * sigmoid(2u), the form without cancellation for negative x. */
    private static double tanh(double x) {
        double u = SQRT_TWO_OVER_PI * (x + 0.044715 * x * x * x);
        return x * SpecialFunctions.sigmoid(2 * u);
    }
}
