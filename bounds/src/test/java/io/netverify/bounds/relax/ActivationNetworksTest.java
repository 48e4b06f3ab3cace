package io.netverify.bounds.relax;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.bounds.SoundnessCheck;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IBP and CROWN through small random networks Linear -> activation -> Linear -> activation -> Linear. */
class ActivationNetworksTest {
    /** An activation layer added to a random graph; positive-only ones get a sigmoid in front. */
    record Activation(String name, BiFunction<RandomGraphs, String, String> layer) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Activation plain(String op) {
        return new Activation(op, (r, h) -> r.node(op, h));
    }

    private static Activation attr(String name, String op, Attributes a) {
        return new Activation(name, (r, h) -> r.node(op, a, h));
    }

    private static Activation positive(String name, BiFunction<RandomGraphs, String, String> layer) {
        return new Activation(name, (r, h) -> layer.apply(r, r.node("Sigmoid", h)));
    }

    private static Activation pow(double c) {
        return new Activation("Pow " + c, (r, h) -> r.node("Pow", h, r.constant(Tensor.scalar(c))));
    }

    static Stream<Activation> activations() {
        return Stream.of(
            plain("Sigmoid"), plain("Tanh"), plain("Erf"), plain("Sin"), plain("Cos"), plain("Exp"), plain("Abs"),
            plain("Sign"), plain("Gelu"), attr("Gelu tanh", "Gelu", Attributes.EMPTY.with("approximate", "tanh")),
            plain("LeakyRelu"), attr("LeakyRelu 0.1", "LeakyRelu", Attributes.EMPTY.with("alpha", 0.1)),
            new Activation("Clip", (r, h) -> r.node("Clip", h, r.constant(Tensor.scalar(-0.5)), r.constant(Tensor.scalar(0.8)))),
            pow(2), pow(3),
            positive("Sqrt", (r, h) -> r.node("Sqrt", h)),
            positive("Log", (r, h) -> r.node("Log", h)),
            positive("Reciprocal", (r, h) -> r.node("Reciprocal", h)),
            positive("Pow 0.5", (r, h) -> r.node("Pow", h, r.constant(Tensor.scalar(0.5)))),
            positive("Pow -2", (r, h) -> r.node("Pow", h, r.constant(Tensor.scalar(-2)))));
    }

    private static Graph network(RandomGraphs r, Activation act) {
        String h = act.layer().apply(r, r.linear("x", 4, 10));
        h = act.layer().apply(r, r.linear(h, 10, 10));
        return r.build(Shape.of(1, 4), r.linear(h, 10, 3));
    }

    @ParameterizedTest
    @MethodSource("activations")
    void ibpAndCrownAreSound(Activation act) {
        for (int seed = 0; seed < 6; seed++) {
            RandomGraphs r = new RandomGraphs(seed);
            Graph g = network(r, act);
            Interval box = r.box(4, seed % 2 == 0 ? 0.3 : 3);
            double[][] c = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, -1, 0}, {0, 1, -1}};
            double[] d = new double[c.length];
            for (BoundMethod m : new BoundMethod[] {BoundMethod.IBP, BoundMethod.CROWN}) {
                Bounds b = BoundPropagator.of(g).method(m).compute(box, c, d);
                SoundnessCheck.check(g, box, c, d, b, 1000, seed);
            }
        }
    }

    @Test
    void crownIsTighterThanIbpOnSmoothNetworksOnAverage() {
        for (Activation act : new Activation[] {plain("Sigmoid"), plain("Tanh"), plain("Gelu"), plain("Sin")}) {
            double ibp = 0;
            double crown = 0;
            for (int seed = 0; seed < 8; seed++) {
                RandomGraphs r = new RandomGraphs(50 + seed);
                Graph g = network(r, act);
                Interval box = r.box(4, 0.3);
                Bounds bi = BoundPropagator.of(g).method(BoundMethod.IBP).compute(box);
                Bounds bc = BoundPropagator.of(g).method(BoundMethod.CROWN).compute(box);
                for (int k = 0; k < 3; k++) {
                    ibp += bi.upper()[k] - bi.lower()[k];
                    crown += bc.upper()[k] - bc.lower()[k];
                }
            }
            assertTrue(crown < 0.9 * ibp, act + ": CROWN width " + crown + " vs IBP " + ibp);
        }
    }

    @Test
    void inputsOutsideTheDomainAreReportedWithTheNode() {
        RandomGraphs r = new RandomGraphs(1);
        Graph g = r.build(Shape.of(1, 4), r.linear(r.node("Log", r.linear("x", 4, 5)), 5, 2));
        ModelException e = assertThrows(ModelException.class,
            () -> BoundPropagator.of(g).method(BoundMethod.IBP).compute(r.box(4, 1)));
        assertTrue(e.getMessage().startsWith("Log node") && e.getMessage().contains("only for x > 0"), e.getMessage());
    }

    @Test
    void computedExponentsAndClipBoundsAreReported() {
        RandomGraphs r = new RandomGraphs(2);
        String h = r.linear("x", 3, 3);
        Graph pow = r.build(Shape.of(1, 3), r.node("Pow", h, r.node("Sigmoid", h)));
        ModelException e = assertThrows(ModelException.class, () -> BoundPropagator.of(pow).compute(r.box(3, 1)));
        assertTrue(e.getMessage().contains("constant exponent"), e.getMessage());

        RandomGraphs q = new RandomGraphs(3);
        String x = q.linear("x", 3, 1);
        Graph clip = q.build(Shape.of(1, 3), q.node("Clip", x, q.constant(Tensor.scalar(0)), q.node("Sigmoid", x)));
        e = assertThrows(ModelException.class, () -> BoundPropagator.of(clip).compute(q.box(3, 1)));
        assertTrue(e.getMessage().contains("constant clip bounds"), e.getMessage());
    }
}
