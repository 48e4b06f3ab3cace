package io.netverify.bounds.lipschitz;

import io.netverify.bounds.InputSet;
import io.netverify.bounds.SetSamples;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Lipschitz bounds over an l_p ball (the region the l_1 and l_2 constants are usually wanted on):
 * at least every gradient norm sampled inside the ball (boundary included), never above the bound
 * over the ball's box (up to rounding), much tighter than it for l_2 on a wider net, exact at radius 0, and named
 * in the derivation.
 */
class LipschitzBallTest {
    private static final InputNorm[] NORMS = {InputNorm.LINF, InputNorm.L1, InputNorm.L2};
    private static final InputSet.Norm[] SET_NORMS = {InputSet.Norm.LINF, InputSet.Norm.L1, InputSet.Norm.L2};

    @Test
    void ballBoundsHoldForEverySampledGradientAndBeatTheBox() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (String act : new String[] {"Relu", "Tanh"}) {
            Graph net = LipschitzTest.mlp(23, act, 4, 16, 16, 2);
            double[] c = {1, -0.5};
            double[] x0 = {0.2, -0.1, 0.4, 0.3};
            Evaluator grad = new Evaluator(JacobianGraph.gradient(net, c));
            for (int k = 0; k < NORMS.length; k++) {
                InputSet.Ball ball = InputSet.ball(SET_NORMS[k], x0, 0.3);
                LipschitzBound b = Lipschitz.of(net).norm(NORMS[k]).samples(300, 1).bound(ball, c);
                LipschitzBound box = Lipschitz.of(net).norm(NORMS[k]).samples(0, 1).bound(ball.box(), c);
                // the l_inf ball is its box: equal up to the rounding of two concretisations
                assertTrue(b.upper() <= box.upper() * (1 + 1e-12), act + " " + NORMS[k] + ": ball " + b.upper() + " above box " + box.upper());
                assertTrue(b.lower() <= b.upper() && SetSamples.contains(ball, b.witness()), act + " " + NORMS[k]);
                assertTrue(b.derivation().contains("ball of radius 0.3"), b.derivation());
                double[][] points = new double[1000][];
                for (int s = 0; s < points.length; s++) {
                    points[s] = SetSamples.sample(ball, rnd, s);
                }
                for (double[] g : grad.evaluateBatch(points)) {
                    if (NORMS[k].dual(g) > b.upper() || !b.entries().contains(g, 0)) {
                        fail(act + " " + NORMS[k] + ": gradient of norm " + NORMS[k].dual(g) + " outside the bounds, upper "
                            + b.upper());
                    }
                }
            }
        }
    }

    /** l_2 over the l_2 ball on a 30-input tanh net: well below the bound over its box (measured about 0.2x). */
    @Test
    void l2BallIsMuchTighterThanItsBox() {
        Graph net = LipschitzTest.mlp(7, "Tanh", 30, 32, 32, 3);
        double[] x0 = new double[30];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < x0.length; i++) {
            x0[i] = 2 * rnd.nextDouble() - 1;
        }
        double[] c = {1, 0, 0};
        InputSet.Ball ball = InputSet.ball(InputSet.Norm.L2, x0, 0.3);
        double overBall = Lipschitz.of(net).norm(InputNorm.L2).samples(0, 1).bound(ball, c).upper();
        double overBox = Lipschitz.of(net).norm(InputNorm.L2).samples(0, 1).bound(ball.box(), c).upper();
        assertTrue(overBall < 0.5 * overBox, "ball " + overBall + " box " + overBox);
    }

    @Test
    void atRadiusZeroTheBoundIsTheGradientNorm() {
        Graph net = LipschitzTest.mlp(31, "Sigmoid", 5, 20, 20, 4);
        double[] c = {0.3, -1, 2, 0.5};
        double[] x = {0.1, -0.4, 0.7, 0.2, -0.9};
        double[] g = new Evaluator(JacobianGraph.gradient(net, c)).evaluate(x);
        for (int k = 0; k < NORMS.length; k++) {
            LipschitzBound b = Lipschitz.of(net).norm(NORMS[k]).samples(10, 1).bound(InputSet.ball(SET_NORMS[k], x, 0), c);
            assertEquals(NORMS[k].dual(g), b.upper(), 1e-9, NORMS[k].toString());
            assertEquals(b.upper(), b.lower(), 1e-9, NORMS[k].toString());
        }
    }
}
