package io.netverify.bounds.relax;

import io.netverify.bounds.relax.RelaxationHarness.Input;
import io.netverify.bounds.relax.RelaxationHarness.Kind;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.bounds.Interval;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backward step whose row coefficients or bias overflow (a bound near 1e308 times a coefficient 4;
 * a bias of +inf plus -inf) must say that the row bounds nothing: bias -inf (the pass's bound is then
 * -inf whatever the coefficients), never NaN or +inf. Draws of every kind of interval, zero-touching
 * ones too (the shared lists leave them out); these seeds drew such rows.
 */
class OverflowingBiasTest {
    private static final Kind[] ALL = Kind.values();

    @Test
    void productsOfEveryKind() {
        RelaxationHarness.of(2001, "Mul", Attributes.EMPTY, Input.computed(ALL, 2, 1, 3), Input.computed(ALL, 4, 1)).check(10, 100);
    }

    @Test
    void matrixProductsOfEveryKind() {
        RelaxationHarness.of(3000, "MatMul", Attributes.EMPTY, Input.computed(ALL, 2, 1, 2, 3), Input.computed(ALL, 3, 3, 2))
            .check(5, 100);
    }

    /**
     * x in [1e-10, 2e-10], y near 1e308, row coefficient 4: the lower plane's coefficient on x, 4 yl,
     * overflows to +inf, which over x's positive box would claim a bound of +inf for 4 x y (about
     * 4e298): the row must bound nothing (bias -inf) instead.
     */
    @Test
    void overflowingCoefficientBoundsNothing() {
        double bias = mulBias(new double[] {1e-10}, new double[] {2e-10}, new double[] {1e308}, new double[] {1.1e308}, new double[] {4});
        assertEquals(Double.NEGATIVE_INFINITY, bias);
    }

    private static double mulBias(double[] xl, double[] xu, double[] yl, double[] yu, double[] row) {
        int n = xl.length;
        Graph g = OpCheck.graph("Mul", Attributes.EMPTY, Shape.of(n), Shape.of(n));
        Node node = g.nodes().get(0);
        Interval x = new Interval(xl, xu);
        Interval y = new Interval(yl, yu);
        double[] bias = new double[1];
        Map<String, double[]> acc = new HashMap<>();
        BackwardStep step = new BackwardStep(g, node, 1, new double[][] {row}, v -> v.equals(node.input(0)) ? x : y,
            v -> acc.computeIfAbsent(v, k -> new double[n]), bias, null);
        Relaxations.find("Mul").orElseThrow().backward(node, step);
        return bias[0];
    }
}
