package io.netverify.bounds.lipschitz;

import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Branch and bound on gradients takes a rule declared {@link GradientRule.Derivative#PIECEWISE_CONSTANT}
 * at its word: once the signs of the operator's inputs are fixed, it evaluates the gradient of that
 * sign pattern as exact. So every such operator's gradient must depend on its input's signs only:
 * checked here on random pairs of inputs with equal signs, for every operator declaring it.
 */
class DerivativeKindTest {
    /** One-operator nets of the operators that may declare piecewise-constant derivatives, by op type. */
    private static final Map<String, BiFunction<RandomGraphs, String, String>> NETS = new LinkedHashMap<>();

    static {
        NETS.put("Relu", (g, x) -> g.node("Relu", x));
        NETS.put("LeakyRelu", (g, x) -> g.node("LeakyRelu", StructuralGradientsTest.attrs("alpha", 0.1), x));
        NETS.put("Abs", (g, x) -> g.node("Abs", x));
        NETS.put("MaxPool", (g, x) -> g.node("MaxPool", StructuralGradientsTest.attrs("kernel_shape", new long[] {2, 2}), x));
        NETS.put("GlobalMaxPool", (g, x) -> g.node("GlobalMaxPool", x));
    }

    /**
     * One-operator nets of operators whose gradient depends on how the input's values compare (which
     * argument or cell wins) or on their magnitudes (products, quotients), by op type.
     */
    private static final Map<String, BiFunction<RandomGraphs, String, String>> VARYING = new LinkedHashMap<>();

    static {
        VARYING.put("MaxPool", NETS.get("MaxPool"));
        VARYING.put("GlobalMaxPool", NETS.get("GlobalMaxPool"));
        VARYING.put("Max", (g, x) -> g.node("Max", x, transposed(g, x)));
        VARYING.put("Min", (g, x) -> g.node("Min", x, transposed(g, x)));
        VARYING.put("ReduceMax", (g, x) -> g.node("ReduceMax", StructuralGradientsTest.attrs("axes", new long[] {3}), x));
        VARYING.put("ReduceMin", (g, x) -> g.node("ReduceMin", StructuralGradientsTest.attrs("axes", new long[] {3}), x));
        VARYING.put("Mul", (g, x) -> g.node("Mul", x, x));
        VARYING.put("MatMul", (g, x) -> g.node("MatMul", x, x));
        VARYING.put("Div", (g, x) -> g.node("Div", x, g.node("Exp", x)));
    }

    @Test
    void piecewiseConstantDerivativesAreFixedByTheInputsSigns() {
        int declared = 0;
        for (String op : GradientRules.types()) {
            if (GradientRules.find(op).orElseThrow().derivative() != GradientRule.Derivative.PIECEWISE_CONSTANT) {
                continue;
            }
            declared++;
            assertTrue(NETS.containsKey(op), op + " declares a piecewise-constant derivative: add a net for it here");
            Evaluator gradient = gradient(NETS.get(op));
            SplittableRandom rnd = new SplittableRandom(5);
            for (int t = 0; t < 200; t++) {
                double[][] ab = sameSigns(rnd);
                assertEquals(Arrays.toString(gradient.evaluate(ab[0])), Arrays.toString(gradient.evaluate(ab[1])),
                    op + ": inputs of equal signs " + Arrays.toString(ab[0]) + " and " + Arrays.toString(ab[1])
                        + " give different gradients");
            }
        }
        assertTrue(declared >= 3, "ReLU, LeakyReLU and Abs declare piecewise-constant derivatives");
    }

    /**
     * The converse: an operator whose gradient changes between inputs of equal signs must declare
     * {@link GradientRule.Derivative#SMOOTH}, so that branch and bound bisects its input instead of
     * taking a sign pattern's gradient as exact.
     */
    @Test
    void derivativesThatVaryWithinASignPatternAreSmooth() {
        for (Map.Entry<String, BiFunction<RandomGraphs, String, String>> e : VARYING.entrySet()) {
            String op = e.getKey();
            Evaluator gradient = gradient(e.getValue());
            SplittableRandom rnd = new SplittableRandom(7);
            boolean varies = false;
            for (int t = 0; t < 200 && !varies; t++) {
                double[][] ab = sameSigns(rnd);
                varies = !Arrays.equals(gradient.evaluate(ab[0]), gradient.evaluate(ab[1]));
            }
            assertTrue(varies, op + ": no two inputs of equal signs gave different gradients");
            assertEquals(GradientRule.Derivative.SMOOTH, GradientRules.find(op).orElseThrow().derivative(), op);
        }
    }

    /** The gradient, for a random output weighting, of a net applying {@code op} to x of 8 elements viewed as [1, 2, 2, 2]. */
    private static Evaluator gradient(BiFunction<RandomGraphs, String, String> op) {
        RandomGraphs g = new RandomGraphs(3);
        String y = op.apply(g, g.node("Reshape", "x", StructuralGradientsTest.ints(g, 1, 2, 2, 2)));
        Graph net = g.build(Shape.of(8), g.node("Flatten", y));
        int outputs = net.shape(net.outputs().get(0)).size();
        SplittableRandom rnd = new SplittableRandom(5);
        double[] c = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            c[k] = rnd.nextDouble(-1, 1);
        }
        return new Evaluator(JacobianGraph.gradient(net, c));
    }

    /** Two inputs of 8 elements with the same random signs and magnitudes in [0.01, 2]. */
    private static double[][] sameSigns(SplittableRandom rnd) {
        double[][] ab = new double[2][8];
        for (int i = 0; i < 8; i++) {
            double sign = rnd.nextBoolean() ? 1 : -1;
            ab[0][i] = sign * rnd.nextDouble(0.01, 2);
            ab[1][i] = sign * rnd.nextDouble(0.01, 2);
        }
        return ab;
    }

    private static String transposed(RandomGraphs g, String x) {
        return g.node("Transpose", StructuralGradientsTest.attrs("perm", new long[] {0, 1, 3, 2}), x);
    }
}
