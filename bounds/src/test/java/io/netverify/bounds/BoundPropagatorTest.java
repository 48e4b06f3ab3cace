package io.netverify.bounds;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundPropagatorTest {
    /** x -> Affine -> Linear -> Relu -> Linear -> Relu -> Linear, with a residual-free MLP shape. */
    private static Graph mlp(RandomGraphs r, int in, int hidden, int out) {
        String x = r.node("Affine", "x", r.constant(r.gaussian(1, in)), r.constant(r.gaussian(0.1, in)));
        String h = r.node("Relu", r.linear(x, in, hidden));
        h = r.node("Relu", r.linear(h, hidden, hidden));
        return r.build(Shape.of(1, in), r.linear(h, hidden, out));
    }

    @Test
    void ibpAndCrownAreSoundOnRandomMlps() {
        for (int seed = 0; seed < 20; seed++) {
            RandomGraphs r = new RandomGraphs(seed);
            Graph g = mlp(r, 5, 12, 3);
            Interval box = r.box(5, seed % 2 == 0 ? 0.2 : 2);
            double[][] c = SoundnessCheck.identity(3);
            double[] d = new double[3];
            for (BoundMethod m : BoundMethod.values()) {
                Bounds b = BoundPropagator.of(g).method(m).compute(box, c, d);
                SoundnessCheck.check(g, box, c, d, b, 2000, seed);
            }
        }
    }

    @Test
    void alphaCrownIsNeverLooserThanCrownAndUsuallyTighter() {
        double gain = 0;
        for (int seed = 0; seed < 10; seed++) {
            RandomGraphs r = new RandomGraphs(200 + seed);
            Graph g = mlp(r, 6, 16, 4);
            Interval box = r.box(6, 1.0);
            Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box);
            Bounds alpha = BoundPropagator.of(g).method(BoundMethod.ALPHA_CROWN).compute(box);
            for (int k = 0; k < 4; k++) {
                assertTrue(alpha.lower()[k] >= crown.lower()[k] && alpha.upper()[k] <= crown.upper()[k], "row " + k);
                gain += (crown.upper()[k] - crown.lower()[k]) - (alpha.upper()[k] - alpha.lower()[k]);
            }
        }
        assertTrue(gain > 0, "alpha-CROWN tightened nothing");
    }

    @Test
    void crownIsTighterThanIbpOnAverage() {
        double ibpWidth = 0;
        double crownWidth = 0;
        for (int seed = 0; seed < 10; seed++) {
            RandomGraphs r = new RandomGraphs(100 + seed);
            Graph g = mlp(r, 6, 16, 4);
            Interval box = r.box(6, 0.5);
            Bounds ibp = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box);
            Bounds crown = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box);
            for (int k = 0; k < 4; k++) {
                ibpWidth += ibp.upper()[k] - ibp.lower()[k];
                crownWidth += crown.upper()[k] - crown.lower()[k];
            }
        }
        assertTrue(crownWidth < ibpWidth, "CROWN " + crownWidth + " vs IBP " + ibpWidth);
    }

    @Test
    void aPassedDeadlineFallsBackToSoundIntervalBounds() {
        RandomGraphs r = new RandomGraphs(5);
        Graph g = mlp(r, 5, 12, 3);
        Interval box = r.box(5, 1.0);
        double[][] c = SoundnessCheck.identity(3);
        double[] d = new double[3];
        Bounds ibp = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box, c, d);
        for (BoundMethod m : new BoundMethod[] {BoundMethod.CROWN, BoundMethod.ALPHA_CROWN}) {
            Bounds late = BoundPropagator.of(g).method(m).deadline(System.nanoTime() - 1).compute(box, c, d);
            assertTrue(late.method() == BoundMethod.IBP, m + " ignored the deadline");
            assertTrue(java.util.Arrays.equals(ibp.lower(), late.lower()) && java.util.Arrays.equals(ibp.upper(), late.upper()));
            SoundnessCheck.check(g, box, c, d, late, 500, 5);
        }
        Bounds onTime = BoundPropagator.of(g).method(BoundMethod.CROWN).deadline(System.nanoTime() + 60_000_000_000L)
            .compute(box, c, d);
        assertTrue(onTime.method() == BoundMethod.CROWN);
    }
}
