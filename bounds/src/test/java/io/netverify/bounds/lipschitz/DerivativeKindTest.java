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

    @Test
    void piecewiseConstantDerivativesAreFixedByTheInputsSigns() {
        int declared = 0;
        for (String op : GradientRules.types()) {
            if (GradientRules.find(op).orElseThrow().derivative() != GradientRule.Derivative.PIECEWISE_CONSTANT) {
                continue;
            }
            declared++;
            assertTrue(NETS.containsKey(op), op + " declares a piecewise-constant derivative: add a net for it here");
            RandomGraphs g = new RandomGraphs(3);
            String y = NETS.get(op).apply(g, g.node("Reshape", "x", StructuralGradientsTest.ints(g, 1, 2, 2, 2)));
            Graph net = g.build(Shape.of(8), g.node("Flatten", y));
            int outputs = net.shape(net.outputs().get(0)).size();
            SplittableRandom rnd = new SplittableRandom(5);
            double[] c = new double[outputs];
            for (int k = 0; k < outputs; k++) {
                c[k] = rnd.nextDouble(-1, 1);
            }
            Evaluator gradient = new Evaluator(JacobianGraph.gradient(net, c));
            for (int t = 0; t < 200; t++) {
                double[] a = new double[8];
                double[] b = new double[8];
                for (int i = 0; i < 8; i++) {
                    double sign = rnd.nextBoolean() ? 1 : -1;
                    a[i] = sign * rnd.nextDouble(0.01, 2);
                    b[i] = sign * rnd.nextDouble(0.01, 2);
                }
                assertEquals(Arrays.toString(gradient.evaluate(a)), Arrays.toString(gradient.evaluate(b)),
                    op + ": inputs of equal signs " + Arrays.toString(a) + " and " + Arrays.toString(b) + " give different gradients");
            }
        }
        assertTrue(declared >= 3, "ReLU, LeakyReLU and Abs declare piecewise-constant derivatives");
    }
}
