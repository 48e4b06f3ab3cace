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
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * A network whose linearisation has NaN coefficients (found by the verdict fuzzer, benchmarks'
     * {@code FuzzRunner}, seed 2000230): y = W2 (W1 (c x) + b) with c = -4.5e223, W1 entries near
     * -3.5e223, x near -1e-299. Normalisation folds c into W1, whose entries overflow to infinity
     * (a separate finding), so the backward pass gives NaN; a NaN gradient entry made the next point
     * NaN and the attack threw "point outside the region". A NaN entry now means no move.
     */
    @Test
    void nanGradientsDoNotDerailTheAttack() {
        byte[] m = new OnnxModelBuilder()
            .input("x", DataType.DOUBLE, 1, 1)
            .initializer("c", Tensor.of(Shape.of(1), -4.54538150167314E223))
            .initializer("W1", Tensor.of(Shape.of(1, 7), -3.4731078962160886E223, 0.7727270624622734, 0.5, -9.283520538677194E222, 0, 0, -1))
            .initializer("b", Tensor.of(Shape.of(7), -4.715039505244099E224, -9.952218883114797E221, 0.2938878400161256, 0,
                -0.487870920817786, -0.5, 0.5130463789296017))
            .initializer("W2", Tensor.of(Shape.of(7, 1), 2, -0.5, 2, -0.36891937868795394, 5.028845721451022E225, -9.228954282004433E225, 0))
            .initializer("b2", Tensor.of(Shape.of(1), 0.5))
            .node("Mul", List.of("c", "x"), List.of("s"))
            .node("MatMul", List.of("s", "W1"), List.of("h"))
            .node("Add", List.of("h", "b"), List.of("z"))
            .node("Gemm", List.of("z", "W2", "b2"), List.of("y"))
            .output("y", DataType.DOUBLE, 1, 1).build();
        Graph g = OnnxModel.parse(m, "nan.onnx").toGraph();
        SpecCase sc = new SpecCase(new InputBox(new double[] {-1.001e-299}, new double[] {-9.99e-300}), none(),
            List.of(new OutputPolytope(new double[][] {{1}}, new double[] {-1e300})));
        // the point: no exception (whether the attack finds anything depends on the overflowed weights)
        pgd(g, 3).search(sc, List.of(new double[] {-1e-299}), NO_DEADLINE, 200);
    }

    /**
     * y = x^T x by a Gemm of two computed operands, which bound propagation does not support (found
     * only when bounds reach the node): PGD steps at random instead of failing, and says it saw no
     * gradient, so that the verifier stops running it.
     */
    @Test
    void nodeFormsWithoutRelaxationMakeRandomSteps() {
        Graph g = outerProduct();
        // unsafe: x0 x1 >= 0.9 over [-1, 1]^2, near the corners (1, 1) and (-1, -1)
        SpecCase sc = new SpecCase(new InputBox(new double[] {-1, -1}, new double[] {1, 1}), none(),
            List.of(new OutputPolytope(new double[][] {{0, -1, 0, 0}}, new double[] {-0.9})));
        PgdAttack attack = pgd(g, 4);
        assertCounterexample(g, sc, attack.search(sc, List.of(new double[] {0.1, -0.2}), NO_DEADLINE, 500));
        assertTrue(!attack.sawGradient());
        assertTrue(attack.metOnlyZeroGradients());
    }

    /**
     * A search whose time is up before its first step computed no gradient: that is no evidence that the
     * gradients vanish (the verifier would otherwise hand half its budget to a gradient-free attack).
     */
    @Test
    void aSearchCutOffAtOnceMetNoZeroGradient() {
        Graph g = outerProduct();
        SpecCase sc = new SpecCase(new InputBox(new double[] {-1, -1}, new double[] {1, 1}), none(),
            List.of(new OutputPolytope(new double[][] {{0, -1, 0, 0}}, new double[] {-0.9})));
        PgdAttack attack = pgd(g, 4);
        assertTrue(attack.search(sc, List.of(), System.nanoTime() - 1, 500).isEmpty());
        assertFalse(attack.sawGradient() || attack.metOnlyZeroGradients());
    }

    /** y = x^T x by a Gemm of two computed operands. */
    private static Graph outerProduct() {
        return OnnxModel.parse(new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 2)
            .node("Transpose", List.of("x"), List.of("xt"), Map.of("perm", new long[] {1, 0}))
            .node("Gemm", List.of("xt", "x"), List.of("y"))
            .output("y", DataType.FLOAT, 2, 2).build(), "outer.onnx").toGraph();
    }
}
