package io.netverify.verifier.attack;

import io.netverify.bounds.LocalLinearization;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.InputConstraints;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PGD on small hand-made networks whose unsafe inputs are known. */
class PgdAttackTest {
    private static final int N = 20;
    private static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    /** y = relu([s - 10, 10 - s]) with s the sum of the N inputs. */
    private static Graph sumNet() {
        double[] w = new double[2 * N];
        for (int i = 0; i < N; i++) {
            w[i] = 1;
            w[N + i] = -1;
        }
        byte[] m = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, N)
            .initializer("W", Tensor.of(Shape.of(2, N), w), DataType.FLOAT)
            .initializer("b", Tensor.of(Shape.of(2), -10, 10), DataType.FLOAT)
            .node("Gemm", List.of("x", "W", "b"), List.of("z"), Map.of("transB", 1L))
            .node("Relu", List.of("z"), List.of("y"))
            .output("y", DataType.FLOAT, 1, 2).build();
        return OnnxModel.parse(m, "sum.onnx").toGraph();
    }

    private static double[] filled(double v) {
        double[] a = new double[N];
        Arrays.fill(a, v);
        return a;
    }

    private static InputConstraints none() {
        return new InputConstraints(new double[0][], new double[0]);
    }

    /** Unsafe when y0 - y1 >= t over [0, 1]^N, i.e. (for t > 0) sum(x) >= 10 + t: near the all-ones corner for t near 10. */
    private static SpecCase atLeast(double t, InputConstraints ic) {
        OutputPolytope unsafe = new OutputPolytope(new double[][] {{-1, 1}}, new double[] {-t});
        return new SpecCase(new InputBox(filled(0), filled(1)), ic, List.of(unsafe));
    }

    private static PgdAttack pgd(Graph g, long seed) {
        return new PgdAttack(new Evaluator(g), LocalLinearization.of(g), seed);
    }

    private static void assertCounterexample(Graph g, SpecCase sc, Optional<double[]> x) {
        assertTrue(x.isPresent(), "no counterexample found");
        assertTrue(sc.isViolatedBy(x.get(), new Evaluator(g).evaluate(x.get())), "false witness " + Arrays.toString(x.get()));
    }

    /** sum(x) >= 19.9 holds on a sliver of volume 1e-20 at a corner: random sampling misses it, gradients lead there. */
    @Test
    void findsACornerCounterexampleThatSamplingMisses() {
        Graph g = sumNet();
        SpecCase sc = atLeast(9.9, none());
        SamplingAttack.Result sampled = new SamplingAttack(new Evaluator(g), 0)
            .search(sc.box().lower(), sc.box().upper(), (x, y) -> sc.margin(y), NO_DEADLINE, 20_000);
        assertTrue(sampled.counterexample().isEmpty(), "the example must be out of reach of sampling");
        assertCounterexample(g, sc, pgd(g, 0).search(sc, List.of(sampled.best()), NO_DEADLINE, 200));
    }

    /** From a start that breaks the input constraint, PGD first restores it, then reaches the unsafe region. */
    @Test
    void honoursExtraInputConstraints() {
        Graph g = sumNet();
        // x_0 - x_1 <= -0.9 keeps x_0 <= 0.1, so sum(x) >= 17.8 needs x_0 small and the rest near 1
        double[][] a = new double[1][N];
        a[0][0] = 1;
        a[0][1] = -1;
        InputConstraints ic = new InputConstraints(a, new double[] {-0.9});
        SpecCase sc = atLeast(7.8, ic);
        assertCounterexample(g, sc, pgd(g, 3).search(sc, List.of(filled(1)), NO_DEADLINE, 2_000));
    }

    @Test
    void neverReturnsAPointWhereThePropertyHolds() {
        Graph g = sumNet();
        // the largest value of y0 - y1 is 10: the unsafe region is empty
        assertTrue(pgd(g, 0).search(atLeast(10.5, none()), List.of(), NO_DEADLINE, 500).isEmpty());
    }

    @Test
    void sameSeedSamePoint() {
        Graph g = sumNet();
        SpecCase sc = atLeast(9.5, none());
        double[] first = pgd(g, 7).search(sc, List.of(), NO_DEADLINE, 1_000).orElseThrow();
        assertArrayEquals(first, pgd(g, 7).search(sc, List.of(), NO_DEADLINE, 1_000).orElseThrow(), 0);
    }

    @Test
    void stopsAtTheDeadline() {
        Graph g = sumNet();
        long past = System.nanoTime() - 1;
        assertTrue(pgd(g, 0).search(atLeast(9.5, none()), List.of(), past, 1_000).isEmpty());
    }
}
