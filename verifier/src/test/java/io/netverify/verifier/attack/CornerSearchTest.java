package io.netverify.verifier.attack;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.InputConstraints;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corner search on a binarised network whose gradient is zero wherever it exists: y0 counts the
 * inputs above 0.5 through Sign (y0 = sum sign(x_i - 0.5), so a corner with k inputs up has y0 = 2k - N).
 * The network and spec also serve {@link StraightThroughTest}.
 */
public class CornerSearchTest {
    public static final int N = 40;
    private static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    public static Graph signNet() {
        double[] eye = new double[N * N];
        for (int i = 0; i < N; i++) {
            eye[i * N + i] = 1;
        }
        double[] half = new double[N];
        Arrays.fill(half, -0.5);
        double[] sums = new double[2 * N];
        for (int i = 0; i < N; i++) {
            sums[i] = 1;
            sums[N + i] = -1;
        }
        byte[] m = new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, N)
            .initializer("I", Tensor.of(Shape.of(N, N), eye), DataType.FLOAT)
            .initializer("c", Tensor.of(Shape.of(N), half), DataType.FLOAT)
            .initializer("S", Tensor.of(Shape.of(2, N), sums), DataType.FLOAT)
            .initializer("z", Tensor.of(Shape.of(2), 0, 0), DataType.FLOAT)
            .node("Gemm", List.of("x", "I", "c"), List.of("a"), Map.of("transB", 1L))
            .node("Sign", List.of("a"), List.of("s"))
            .node("Gemm", List.of("s", "S", "z"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, 1, 2).build();
        return OnnxModel.parse(m, "sign.onnx").toGraph();
    }

    /** Unsafe when y0 >= 36 over [0, 1]^N: at least 38 of the 40 inputs above 0.5, a 1e-9 share of the box. */
    static SpecCase atLeast36() {
        double[] l = new double[N];
        double[] u = new double[N];
        Arrays.fill(u, 1);
        OutputPolytope unsafe = new OutputPolytope(new double[][] {{-1, 0}}, new double[] {-36});
        return new SpecCase(new InputBox(l, u), new InputConstraints(new double[0][], new double[0]), List.of(unsafe));
    }

    @Test
    void findsACounterexampleOnAPlateauWhereSamplingDoesNot() {
        Graph g = signNet();
        SpecCase sc = atLeast36();
        MarginFunction margin = (x, y) -> sc.margin(y);
        SamplingAttack attack = new SamplingAttack(new Evaluator(g), 0);
        SamplingAttack.Result sampled = attack.search(sc.box().lower(), sc.box().upper(), margin, NO_DEADLINE, 5_000);
        assertTrue(sampled.counterexample().isEmpty(), "the example must be out of reach of sampling");
        SamplingAttack.Result corners = attack.cornerSearch(sc.box().lower(), sc.box().upper(), margin, NO_DEADLINE, 5_000);
        assertTrue(corners.counterexample().isPresent(), "corner search found no counterexample: margin " + corners.margin());
        double[] x = corners.best();
        assertTrue(sc.isViolatedBy(x, new Evaluator(g).evaluate(x)), "false witness " + Arrays.toString(x));
    }

    @Test
    void evaluatesNothingOnABoxWithAnInfiniteSide() {
        Graph g = signNet();
        double[] l = new double[N];
        double[] u = new double[N];
        Arrays.fill(u, 1);
        u[3] = Double.POSITIVE_INFINITY;
        SamplingAttack.Result r = new SamplingAttack(new Evaluator(g), 0).cornerSearch(l, u, (x, y) -> -y[0], NO_DEADLINE, 100);
        assertEquals(null, r.best());
        assertEquals(Double.POSITIVE_INFINITY, r.margin());
    }

    @Test
    void thePipelineAnswersSatOnTheBinarisedNetwork() {
        Graph g = signNet();
        Specification spec = new Specification(N, 2, List.of(atLeast36()));
        VerificationResult r = Verifier.verify(g, spec, VerifierOptions.defaults().withTimeout(60));
        assertEquals(Verdict.SAT, r.verdict(), r.detail());
        assertTrue(r.output()[0] >= 36, "witness output " + Arrays.toString(r.output()));
    }
}
