package io.netverify.bab.lp;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.SharedData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SharedNetworkLpTest {
    /** ACAS Xu property 1's input box (normalised), where many of the 300 ReLUs are unstable. */
    private static final Interval PROPERTY_1 = new Interval(
        new double[] {0.6, -0.5, -0.5, 0.45, -0.5},
        new double[] {0.679857769, 0.5, 0.5, 0.5, -0.45});

    @Test
    void acasXuLpBoundLiesBetweenCrownAndSampledValues() {
        assumeTrue(OrToolsLpSolver.available(), "OR-Tools natives do not load here");
        Graph g = OnnxModel.read(SharedData.file("benchmarks/acasxu/ACASXU_run2a_1_1_batch_2000.onnx")).toGraph();
        // spec rows: y0 - y_k (COC minus each other advisory) and the raw COC output
        double[][] c = {{1, -1, 0, 0, 0}, {1, 0, 0, 0, -1}, {1, 0, 0, 0, 0}};
        Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(PROPERTY_1, c, new double[c.length]);
        double[] min = new double[c.length];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        SplittableRandom r = new SplittableRandom(1);
        double[][] points = new double[10_000][];
        for (int s = 0; s < points.length; s++) {
            points[s] = TestNetworks.point(PROPERTY_1, r);
        }
        for (double[] y : new Evaluator(g).evaluateBatch(points)) {
            for (int k = 0; k < c.length; k++) {
                double v = 0;
                for (int j = 0; j < y.length; j++) {
                    v += c[k][j] * y[j];
                }
                min[k] = Math.min(min[k], v);
            }
        }
        boolean tighter = false;
        try (PlanetLp lp = PlanetLp.build(g, PROPERTY_1, crown.intermediate(), List.of(), OrToolsLpSolver.glop())) {
            for (int k = 0; k < c.length; k++) {
                double b = lp.minimise(c[k]).lowerBound();
                assertTrue(b >= crown.lower()[k] - 1e-9 * (1 + Math.abs(crown.lower()[k])),
                    "row " + k + ": LP " + b + " below CROWN " + crown.lower()[k]);
                assertTrue(b <= min[k], "row " + k + ": LP " + b + " above the sampled minimum " + min[k]);
                tighter |= b > crown.lower()[k] + 1e-6 * (1 + Math.abs(crown.lower()[k]));
            }
        }
        assertTrue(tighter, "the LP tightened no row");
    }
}
