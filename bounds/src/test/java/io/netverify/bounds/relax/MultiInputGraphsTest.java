package io.netverify.bounds.relax;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.bounds.RandomGraphs;
import io.netverify.bounds.SoundnessCheck;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: small networks with products, quotients, attention, maxima and selections, bounded
 * by IBP and CROWN through {@link BoundPropagator} and checked by sampling the exact evaluator.
 */
class MultiInputGraphsTest {
    /** The input: [1, 2, 3], so that Linear (over the last axis) and MatMul with a constant reach other shapes. */
    private static final Shape INPUT = Shape.of(1, 2, 3);

    private static Graph mul(RandomGraphs r) {
        String a = r.linear("x", 3, 4);
        String b = r.linear("x", 3, 4);
        String m = r.node("Mul", r.node("Relu", a), b);
        String sq = r.node("Mul", m, m);
        String scaled = r.node("Mul", sq, r.constant(r.gaussian(1, 2, 1, 4)));
        return r.build(INPUT, r.linear(scaled, 4, 2));
    }

    private static Graph div(RandomGraphs r) {
        String a = r.linear("x", 3, 4);
        String positive = r.node("Max", r.linear("x", 3, 4), r.constant(Tensor.scalar(0.5)));
        String negative = r.node("Min", r.linear("x", 3, 4), r.constant(Tensor.scalar(-0.25)));
        String q = r.node("Div", r.node("Div", a, positive), negative);
        return r.build(INPUT, r.linear(q, 4, 2));
    }

    /** One attention head, softmax(Q K^T) V, with Q, K^T and V linear in the input. */
    private static Graph attention(RandomGraphs r) {
        String kt = r.linear("x", 3, 3);
        String q = r.linear(r.node("MatMul", r.constant(r.gaussian(1, 3, 2)), "x"), 3, 2);
        String v = r.linear(r.node("MatMul", r.constant(r.gaussian(1, 3, 2)), "x"), 3, 2);
        String scores = r.node("MatMul", q, kt);
        String weights = r.node("Softmax", scores);
        return r.build(INPUT, r.linear(r.node("MatMul", weights, v), 2, 1));
    }

    private static Graph extrema(RandomGraphs r) {
        String a = r.linear("x", 3, 4);
        String b = r.linear("x", 3, 4);
        String max = r.node("Max", a, b);
        String min = r.node("Min", a, r.constant(Tensor.scalar(0.2)));
        String pooled = r.node("ReduceMax", new Attributes(Map.of("axes", new long[] {1}, "keepdims", 0L)),
            r.node("Mul", max, min));
        return r.build(INPUT, r.linear(pooled, 4, 3));
    }

    private static Graph where(RandomGraphs r) {
        String a = r.linear("x", 3, 4);
        String b = r.linear("x", 3, 4);
        Tensor cond = new Tensor(DataType.BOOL, Shape.of(4), new double[] {1, 0, 0, 1});
        String w = r.node("Where", r.constant(cond), r.node("Mul", a, b), a);
        return r.build(INPUT, r.linear(w, 4, 3));
    }

    /** Sound IBP and CROWN on random instances; returns the summed widths {IBP, CROWN}. */
    private static double[] checkSound(Function<RandomGraphs, Graph> build, int seeds, double maxWidth) {
        double[] widths = new double[2];
        for (int seed = 0; seed < seeds; seed++) {
            RandomGraphs r = new RandomGraphs(seed);
            Graph g = build.apply(r);
            Interval box = r.box(INPUT.size(), maxWidth);
            int out = g.shape(g.outputs().get(0)).size();
            double[][] c = SoundnessCheck.identity(out);
            double[] d = new double[out];
            BoundMethod[] methods = {BoundMethod.IBP, BoundMethod.CROWN};
            for (int m = 0; m < 2; m++) {
                Bounds b = BoundPropagator.of(g).method(methods[m]).compute(box, c, d);
                SoundnessCheck.check(g, box, c, d, b, 1000, seed);
                for (int k = 0; k < out; k++) {
                    widths[m] += b.upper()[k] - b.lower()[k];
                }
            }
        }
        return widths;
    }

    @Test
    void productsAreSoundAndCrownIsTighterThanIbp() {
        double[] w = checkSound(MultiInputGraphsTest::mul, 10, 0.3);
        assertTrue(w[1] < w[0], "CROWN " + w[1] + " vs IBP " + w[0]);
        checkSound(MultiInputGraphsTest::mul, 5, 2);
    }

    @Test
    void quotientsAreSound() {
        double[] w = checkSound(MultiInputGraphsTest::div, 10, 0.3);
        assertTrue(w[1] < w[0], "CROWN " + w[1] + " vs IBP " + w[0]);
        checkSound(MultiInputGraphsTest::div, 5, 2);
    }

    @Test
    void attentionIsSoundAndCrownIsTighterThanIbp() {
        double[] w = checkSound(MultiInputGraphsTest::attention, 10, 0.3);
        assertTrue(w[1] < w[0], "CROWN " + w[1] + " vs IBP " + w[0]);
        checkSound(MultiInputGraphsTest::attention, 5, 2);
    }

    @Test
    void extremaAreSound() {
        checkSound(MultiInputGraphsTest::extrema, 10, 0.3);
        checkSound(MultiInputGraphsTest::extrema, 5, 2);
    }

    @Test
    void selectionsAreSound() {
        checkSound(MultiInputGraphsTest::where, 10, 1);
    }
}
