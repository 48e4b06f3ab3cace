package io.netverify.bounds;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backward coefficients that underflow (found by the random-graph fuzzer, benchmarks'
 * {@code FuzzRunner}): a product of a tiny coefficient and a tiny weight or slope rounds to 0, and
 * the term it stood for, times a huge input, was missing from the bound.
 */
class UnderflowSoundnessTest {
    /**
     * y = 1e-170 * relu(1e-160 * x) over x in [1e290, 2e290], so y = 1e-40 x in [1e-40, 2e-40]
     * exactly; CROWN's coefficient of x, 1e-170 * 1e-160, underflows to 0, and its upper bound was 0.
     */
    @Test
    void underflowingCoefficientsStillBoundTheOutput() {
        RandomGraphs r = new RandomGraphs(0);
        String h = r.node("Linear", "x", r.constant(Tensor.of(Shape.of(1, 1), 1e-160)));
        String a = r.node("Relu", h);
        String y = r.node("Linear", a, r.constant(Tensor.of(Shape.of(1, 1), 1e-170)));
        Graph g = r.build(Shape.of(1, 1), y);
        Interval box = new Interval(new double[] {1e290}, new double[] {2e290});
        BigDecimal low = new BigDecimal(1e-170).multiply(new BigDecimal(1e-160)).multiply(new BigDecimal(1e290));
        BigDecimal high = new BigDecimal(1e-170).multiply(new BigDecimal(1e-160)).multiply(new BigDecimal(2e290));
        for (BoundMethod m : BoundMethod.values()) {
            Bounds b = BoundPropagator.of(g).method(m).compute(box);
            assertTrue(new BigDecimal(b.lower()[0]).compareTo(low) <= 0, m + " lower bound " + b.lower()[0] + " above the exact minimum " + low);
            assertTrue(new BigDecimal(b.upper()[0]).compareTo(high) >= 0, m + " upper bound " + b.upper()[0] + " below the exact maximum " + high);
        }
    }

    /**
     * y = 1e-178 * sqrt(x) over x near 7.76e291: the slope of sqrt's upper line there, 5.7e-147,
     * times 1e-178 underflows; CROWN's upper bound was half the true value.
     */
    @Test
    void underflowingSlopeTimesCoefficientStillBoundsACurve() {
        RandomGraphs r = new RandomGraphs(0);
        String s = r.node("Sqrt", "x");
        String y = r.node("Linear", s, r.constant(Tensor.of(Shape.of(1, 1), 1e-178)));
        Graph g = r.build(Shape.of(1, 1), y);
        double lo = 7.76e291;
        double hi = 7.76000000001e291;
        Interval box = new Interval(new double[] {lo}, new double[] {hi});
        Evaluator ev = new Evaluator(g);
        double top = ev.evaluate(new double[] {hi})[0];
        for (BoundMethod m : BoundMethod.values()) {
            Bounds b = BoundPropagator.of(g).method(m).compute(box);
            // the evaluator's value is within a few ulps of the exact one
            assertTrue(b.upper()[0] >= top * (1 - 1e-14), m + " upper bound " + b.upper()[0] + " below f(hi) = " + top);
        }
    }
}
