package io.netverify.bounds.lipschitz;

import io.netverify.bounds.RandomGraphs;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The naive bound is rounded outward: on one linear layer {@code y = w.x} with l_inf inputs it must be
 * at least the exact {@code sum |w_j|}, also where the floating-point sum rounds below it.
 */
class NaiveBoundRoundingTest {
    @Test
    void naiveBoundIsAtLeastTheExactGainOfALinearLayer() {
        int roundedDown = 0;
        for (long seed = 0; seed < 40; seed++) {
            int n = 1000;
            RandomGraphs g = new RandomGraphs(seed);
            Tensor w = g.gaussian(0.1, 1, n);
            String y = g.node("Linear", "x", g.constant(w), g.constant(Tensor.of(Shape.of(1), new double[] {0.5})));
            Graph net = g.build(Shape.of(n), y);
            BigDecimal exact = BigDecimal.ZERO;
            double floatSum = 0;
            for (int j = 0; j < n; j++) {
                exact = exact.add(new BigDecimal(Math.abs(w.get(j))));
                floatSum += Math.abs(w.get(j));
            }
            if (new BigDecimal(floatSum).compareTo(exact) < 0) {
                roundedDown++;
            }
            double naive = JacobianGraph.naive(net, new double[] {1}, InputNorm.LINF);
            assertTrue(new BigDecimal(naive).compareTo(exact) >= 0, "seed " + seed + ": naive " + naive + " < exact " + exact);
            assertTrue(naive <= floatSum * (1 + 1e-9), "naive " + naive + " far above " + floatSum);
        }
        assertTrue(roundedDown > 0, "no case where the plain sum rounds below the exact one: the test checks nothing");
    }
}
