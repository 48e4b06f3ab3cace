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
 *
 * <p>A Gelu that {@link io.netverify.onnx.passes.GeluRecognition} made from a file's subgraph keeps
 * that file's constants in the attributes {@value #FACTOR}, {@value #SCALE} and (tanh form)
 * {@value #CUBIC}: it computes {@code factor * x * (1 + erf(scale * x))} or
 * {@code factor * x * (1 + tanh(scale * (x + cubic * x^3)))}, the function the file's nodes compute;
 * where the file divides by a constant c instead of multiplying (torch's {@code x / sqrt 2}), c is
 * kept in {@value #DIVISOR} and erf's or tanh's argument is divided by it.
 */
public final class Gelu extends ElementwiseUnary implements Operator {
    /** Attribute: the constant multiplying x outside (0.5 in ONNX's Gelu). */
    public static final String FACTOR = "netverify_factor";
    /** Attribute: the constant multiplying the argument of erf or tanh. */
    public static final String SCALE = "netverify_scale";
    /** Attribute: the constant erf's or tanh's argument is divided by (then the scale is its rounded reciprocal). */
    public static final String DIVISOR = "netverify_divisor";
    /** Attribute: the constant multiplying x^3 in the tanh form. */
    public static final String CUBIC = "netverify_cubic";

    /**
     * The constants of one GELU: the tanh form or not, factor A, scale s, (tanh form) cubic k, and
     * the divisor c (0 when there is none) that replaces the scale s = 1/c in the argument; see the
     * class comment. A and s must be positive: the curve's shape depends on it.
     */
    public record Form(boolean tanh, double factor, double scale, double cubic, double divisor) {
        /** ONNX's exact GELU: A = 1/2, s = 1/sqrt 2. */
        public static final Form EXACT = new Form(false, 0.5, Math.sqrt(0.5), 0, 0);
        /** ONNX's tanh GELU: A = 1/2, s = sqrt(2/pi), k = 0.044715. */
        public static final Form TANH = new Form(true, 0.5, Math.sqrt(2 / Math.PI), 0.044715, 0);
        private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

        public Form {
            if (!(factor > 0 && scale > 0 && divisor >= 0 && Double.isFinite(factor) && Double.isFinite(scale)
                && Double.isFinite(cubic) && Double.isFinite(divisor))) {
                throw new IllegalArgumentException("GELU factor and scale must be positive and finite, got " + factor
                    + " and " + scale);
            }
        }

        /** The argument's scaling: t / c with a divisor, else t s. */
        public double scaled(double t) {
            return divisor != 0 ? t / divisor : t * scale;
        }

        /**
         * The value: A x erfc(-s x), which is A x (1 + erf(s x)) without its cancellation for negative
         * x; or 2 A x sigmoid(2 s (x + k x^3)), which is A x (1 + tanh(...)) likewise.
         */
        public double apply(double x) {
            if (!tanh) {
                return factor * x * SpecialFunctions.erfc(-scaled(x));
            }
            double u = scaled(x + cubic * (x * x * x));
            return 2 * factor * x * SpecialFunctions.sigmoid(2 * u);
        }

        /**
         * The derivative: A erfc(-t) + A t (2/sqrt pi) e^(-t^2) with t the scaled x (x t' = t, the
         * scaling being linear); or 2A sigmoid(2u) + 2A x sigmoid'(2u) 2u' with u the scaled
         * x + k x^3 and u' the scaled 1 + 3k x^2. A second term that underflows is 0 (also at x = +-inf).
         */
        public double derivative(double x) {
            if (!tanh) {
                double t = scaled(x);
                double e = Math.exp(-t * t);
                return factor * SpecialFunctions.erfc(-t) + (e == 0 ? 0 : factor * t * TWO_OVER_SQRT_PI * e);
            }
            double u = scaled(x + cubic * (x * x * x));
            double s = SpecialFunctions.sigmoid(2 * u);
            double ds = s * SpecialFunctions.sigmoid(-2 * u);
            return 2 * factor * s + (ds == 0 ? 0 : 2 * factor * x * ds * 2 * scaled(1 + 3 * cubic * (x * x)));
        }
    }

    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        form(node);
        return super.infer(node, inputs, constants);
    }

    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        return form(node)::apply;
    }

    /** The constants of a Gelu node: ONNX's, or those its attributes carry. */
    public static Form form(Node node) {
        String approximate = node.attributes().getString("approximate", "none");
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("attribute approximate must be \"none\" or \"tanh\", not \""
                + approximate + "\"");
        }
        Form standard = approximate.equals("tanh") ? Form.TANH : Form.EXACT;
        if (!node.attributes().has(FACTOR) && !node.attributes().has(SCALE) && !node.attributes().has(CUBIC)
            && !node.attributes().has(DIVISOR)) {
            return standard;
        }
        return new Form(standard.tanh(), node.attributes().getFloat(FACTOR, standard.factor()),
            node.attributes().getFloat(SCALE, standard.scale()), node.attributes().getFloat(CUBIC, standard.cubic()),
            node.attributes().getFloat(DIVISOR, 0));
    }
}
