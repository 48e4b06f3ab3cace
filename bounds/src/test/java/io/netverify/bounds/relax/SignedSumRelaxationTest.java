package io.netverify.bounds.relax;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.bounds.SoundnessCheck;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Add and Sub of computed tensors: residual blocks, broadcasting, constants; sound and exact. */
class SignedSumRelaxationTest {
    /** x -> Linear -> Relu -> Linear, plus (or minus) a skip connection from the first Linear; broadcast bias row. */
    private static Graph residual(RandomGraphs r, String op) {
        String h = r.linear("x", 4, 6);
        String f = r.linear(r.node("Relu", h), 6, 6);
        String s = r.node(op, f, h);
        String b = r.node(op, s, r.constant(r.gaussian(1, 1, 6)));
        String row = r.node("Linear", b, r.constant(r.gaussian(1, 1, 6)));
        String t = r.node(op, r.node("Relu", b), row);
        return r.build(Shape.of(1, 4), r.linear(t, 6, 3));
    }

    @Test
    void residualSumsAreSound() {
        for (String op : new String[] {"Add", "Sub"}) {
            for (int seed = 0; seed < 10; seed++) {
                RandomGraphs r = new RandomGraphs(seed);
                Graph g = residual(r, op);
                Interval box = r.box(4, 1.5);
                double[][] c = SoundnessCheck.identity(3);
                for (BoundMethod m : BoundMethod.values()) {
                    Bounds b = BoundPropagator.of(g).method(m).compute(box, c, new double[3]);
                    SoundnessCheck.check(g, box, c, new double[3], b, 1000, seed);
                }
            }
        }
    }

    @Test
    void linearPartsAreExact() {
        // y = (x W1 + x W2) - x W1 = x W2: CROWN must give exactly the interval of x W2 on a point box
        RandomGraphs r = new RandomGraphs(3);
        String a = r.linear("x", 3, 2);
        String b = r.linear("x", 3, 2);
        Graph g = r.build(Shape.of(1, 3), r.node("Sub", r.node("Add", a, b), a));
        double[] x = {0.3, -0.7, 0.2};
        Bounds bounds = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(new Interval(x, x));
        double[] y = new io.netverify.onnx.Evaluator(g).evaluate(x);
        for (int j = 0; j < 2; j++) {
            assertEquals(y[j], bounds.lower()[j], 1e-12);
            assertEquals(y[j], bounds.upper()[j], 1e-12);
            assertTrue(bounds.lower()[j] <= bounds.upper()[j]);
        }
    }
}
