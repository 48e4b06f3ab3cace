package io.netverify.verifier;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.TinyReluNetwork;
import io.netverify.onnx.ValueInfo;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.InputConstraints;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three outcomes of the pipeline on a tiny network whose answers are known by hand. */
class VerifierTest {
    /** y = relu(W x + b), W = [[1, -1], [2, 1]], b = [0, -1], x in [0, 1]^2: max y0 = 1, max y1 = 2, max y0 + y1 = 2. */
    private static Graph net() {
        return TinyReluNetwork.graph();
    }

    /** The unsafe region "y0 + y1 >= t" over the unit box. */
    private static Specification sumAtLeast(double t) {
        InputBox box = new InputBox(new double[] {0, 0}, new double[] {1, 1});
        OutputPolytope unsafe = new OutputPolytope(new double[][] {{-1, -1}}, new double[] {-t});
        return new Specification(2, 2, List.of(new SpecCase(box, new InputConstraints(new double[0][], new double[0]), List.of(unsafe))));
    }

    private static VerificationResult verify(double t) {
        return Verifier.verify(net(), sumAtLeast(t), VerifierOptions.defaults().withTimeout(10));
    }

    @Test
    void falsePropertyGetsAWitness() {
        VerificationResult r = verify(1.9);
        assertEquals(Verdict.SAT, r.verdict());
        assertTrue(r.output()[0] + r.output()[1] >= 1.9);
    }

    @Test
    void propertyWithinIntervalBoundsIsProved() {
        // IBP gives y0 + y1 <= 3
        assertEquals(Verdict.UNSAT, verify(3.5).verdict());
    }

    /** On a small network CROWN comes with the interval bounds: where it proves the case, no attack runs. */
    @Test
    void crownOnASmallNetworkProvesBeforeAnyAttack() {
        // IBP gives y0 + y1 <= 3, CROWN 2.5
        List<String> progress = new ArrayList<>();
        VerificationResult r = Verifier.verify(net(), sumAtLeast(2.7), new VerifierOptions(10, 1, progress::add));
        assertEquals(Verdict.UNSAT, r.verdict(), r.detail());
        assertTrue(progress.contains("bounds: crown excludes 1 of 1 unsafe regions"), progress.toString());
        assertTrue(progress.stream().noneMatch(line -> line.startsWith("attack")), progress.toString());
    }

    /**
     * In activation splitting, alpha-CROWN starts from the CROWN bounds of the first stage (before the attack)
     * instead of running CROWN again.
     */
    @Test
    void crownRunsOnceBeforeAlphaCrown() {
        // CROWN gives y0 + y1 <= 2.5: not enough for 2.2
        List<String> progress = new ArrayList<>();
        VerificationResult r = Verifier.verify(net(), sumAtLeast(2.2), new VerifierOptions(10, 1, progress::add, BranchingMode.ACTIVATION));
        assertEquals(Verdict.UNSAT, r.verdict(), r.detail());
        assertEquals(1, progress.stream().filter(line -> line.startsWith("bounds: crown excludes")).count(), progress.toString());
        assertTrue(progress.stream().anyMatch(line -> line.startsWith("bounds: alpha-crown excludes")), progress.toString());
    }

    /**
     * A region whose rows only together exclude it (y = (x, -x) over x in [0, 1]: "y0 >= 0.5 and y1 >= 0") is
     * proved by the rows' LP, which runs only after the quick attack: loading its engine costs more than the
     * attack on a small network.
     */
    @Test
    void rowsAreBoundedTogetherAfterTheQuickAttack() {
        Node gemm = new Node("gemm", "Gemm", List.of("x", "w", "b"), List.of("y"), Attributes.EMPTY.with("transB", 1L));
        Graph g = GraphInference.build("test", "linear", 17, List.of(new ValueInfo("x", DataType.DOUBLE, Shape.of(1, 1))),
            List.of("y"), List.of(gemm), Map.of("w", Tensor.of(Shape.of(2, 1), new double[] {1, -1}),
                "b", Tensor.of(Shape.of(2), new double[] {0, 0})));
        InputBox box = new InputBox(new double[] {0}, new double[] {1});
        OutputPolytope unsafe = new OutputPolytope(new double[][] {{-1, 0}, {0, -1}}, new double[] {-0.5, 0});
        Specification spec = new Specification(1, 2,
            List.of(new SpecCase(box, new InputConstraints(new double[0][], new double[0]), List.of(unsafe))));
        List<String> progress = new ArrayList<>();
        VerificationResult r = Verifier.verify(g, spec, new VerifierOptions(10, 1, progress::add));
        assertEquals(Verdict.UNSAT, r.verdict(), r.detail());
        int together = progress.indexOf("bounds: crown's rows together exclude 1 more of 1 unsafe regions");
        int attack = progress.indexOf(progress.stream().filter(line -> line.startsWith("attack")).findFirst().orElse(""));
        assertTrue(attack >= 0 && together > attack, progress.toString());
        assertTrue(progress.stream().noneMatch(line -> line.startsWith("bab:")), progress.toString());
    }

    @Test
    void aTimeoutSaysWhereTheTimeRanOut() {
        // the budget is the caller's to report: the detail only says where it ran out
        VerificationResult r = Verifier.verify(net(), sumAtLeast(2.2), VerifierOptions.defaults().withTimeout(1e-9));
        assertEquals(Verdict.TIMEOUT, r.verdict());
        assertEquals("in the attack", r.detail());
    }

    @Test
    void trueButUnprovablePropertyNeedsBranchAndBound() {
        // the true maximum is 2, but the chord relaxations only show y0 + y1 <= 2.5: input splitting proves it,
        // and so does splitting the ReLUs
        VerificationResult r = verify(2.2);
        assertEquals(Verdict.UNSAT, r.verdict(), r.detail());
        assertTrue(r.detail().contains("branch and bound"), r.detail());
        VerificationResult activation = Verifier.verify(net(), sumAtLeast(2.2),
            VerifierOptions.defaults().withTimeout(10).withBranching(BranchingMode.ACTIVATION));
        assertEquals(Verdict.UNSAT, activation.verdict(), activation.detail());
        assertTrue(activation.detail().contains("branch and bound"), activation.detail());
    }

    /** An operator without a relaxation (LogSoftmax) leaves a true property unknown, naming the node; no crash. */
    @Test
    void anOperatorWithoutRelaxationGivesUnknown() {
        Node node = new Node("lsm", "LogSoftmax", List.of("x"), List.of("y"), Attributes.EMPTY.with("axis", -1L));
        Graph g = GraphInference.build("test", "test", 17, List.of(new ValueInfo("x", DataType.DOUBLE, Shape.of(1, 2))),
            List.of("y"), List.of(node), Map.of());
        // log-softmax is never positive: y0 >= 1 is unsafe and unreachable
        InputBox box = new InputBox(new double[] {0, 0}, new double[] {1, 1});
        OutputPolytope unsafe = new OutputPolytope(new double[][] {{-1, 0}}, new double[] {-1});
        Specification spec = new Specification(2, 2,
            List.of(new SpecCase(box, new InputConstraints(new double[0][], new double[0]), List.of(unsafe))));
        VerificationResult r = Verifier.verify(g, spec, VerifierOptions.defaults().withTimeout(10));
        assertEquals(Verdict.UNKNOWN, r.verdict(), r.detail());
        assertTrue(r.detail().contains("LogSoftmax"), r.detail());
    }

    @Test
    void automaticBranchingSplitsInputsOfSmallNetworks() {
        assertEquals(BranchingMode.INPUT, BranchingMode.AUTO.resolve(5));
        assertEquals(BranchingMode.INPUT, BranchingMode.AUTO.resolve(BranchingMode.MAX_INPUT_SPLIT_DIMENSIONS));
        assertEquals(BranchingMode.ACTIVATION, BranchingMode.AUTO.resolve(784));
        assertEquals(BranchingMode.INPUT, BranchingMode.INPUT.resolve(784));
        assertEquals(BranchingMode.ACTIVATION, BranchingMode.ACTIVATION.resolve(5));
    }

    /** Progress lines' elapsed seconds, built without String.format, read as the format would write them. */
    @Test
    void elapsedSecondsReadAsFormatted() {
        for (double x : new double[] {0, 0.04, 0.05, 0.25, 0.35, 0.95, 1.449, 1.45, 12.95, 99.99, 1234.5678, 1e-7}) {
            assertEquals(String.format(Locale.ROOT, "%.1f", x), Verifier.tenths(x), "x = " + x);
        }
    }

    @Test
    void aViolationIsLikelyOnlyWhereTheAttackCameNearZero() {
        // best margin 0.01 against a typical 1.0: near; 0.5 against 1.0: not
        assertTrue(Verifier.violationLikely(0.01, 1.0, -5));
        assertTrue(!Verifier.violationLikely(0.5, 1.0, -5));
        // bounds unbounded below or no sampled scale: no evidence either way, so the attack runs
        assertTrue(Verifier.violationLikely(0.5, 1.0, Double.NEGATIVE_INFINITY));
        assertTrue(Verifier.violationLikely(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, -5));
        // no sampled scale but a margin reached (by PGD): judged against its gap to the lower bound
        assertTrue(!Verifier.violationLikely(1.72, Double.POSITIVE_INFINITY, -30.6));
        assertTrue(Verifier.violationLikely(0.1, Double.POSITIVE_INFINITY, -30.6));
    }
}
