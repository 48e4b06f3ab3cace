package io.netverify.verifier;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.TinyReluNetwork;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Violations at inputs that no double holds (a spec fixing X_0 = 0.1 exactly): proved over the exact
 * point's one-ulp box, never concluded from a double next to it.
 */
class ExactPointViolationTest {
    /**
     * y = 1e18 relu(x - 0.5) (1e18 as a float32; x - 0.5 is exact near 0.5): at the decimal
     * 0.50000000000000001, y is about 10; at the double 0.5 next to it, 0; at the double above, 111.
     */
    private static Graph steep() {
        return OnnxModel.parse(new OnnxModelBuilder().opset(13)
            .input("x", DataType.FLOAT, 1, 1)
            .initializer("one", Tensor.of(Shape.of(1, 1), 1), DataType.FLOAT)
            .initializer("half", Tensor.of(Shape.of(1), -0.5), DataType.FLOAT)
            .initializer("W", Tensor.of(Shape.of(1, 1), 1e18), DataType.FLOAT)
            .initializer("zero", Tensor.of(Shape.of(1), 0), DataType.FLOAT)
            .node("Gemm", List.of("x", "one", "half"), List.of("z"), Map.of("transB", 1L))
            .node("Relu", List.of("z"), List.of("r"))
            .node("Gemm", List.of("r", "W", "zero"), List.of("y"), Map.of("transB", 1L))
            .output("y", DataType.FLOAT, 1, 1).build(), "steep.onnx").toGraph();
    }

    private static final String STEEP_SPEC = """
        (declare-const X_0 Real) (declare-const Y_0 Real)
        (assert (>= X_0 0.50000000000000001)) (assert (<= X_0 0.50000000000000001)) (assert (<= Y_0 1))
        """;

    @Test
    void aViolationAtAnExactPointNoDoubleHoldsIsSat() {
        // y = relu(W x + b) at (0.7, 0.1) exactly: y0 = 0.6 >= 0.55 on the whole one-ulp box
        Specification spec = VnnlibParser.parse("""
            (declare-const X_0 Real) (declare-const X_1 Real) (declare-const Y_0 Real) (declare-const Y_1 Real)
            (assert (>= X_0 0.7)) (assert (<= X_0 0.7)) (assert (>= X_1 0.1)) (assert (<= X_1 0.1))
            (assert (>= Y_0 0.55))
            """, "t.vnnlib");
        VerificationResult r = Verifier.verify(TinyReluNetwork.graph(), spec, VerifierOptions.defaults().withTimeout(10));
        assertEquals(Verdict.SAT, r.verdict(), r.detail());
        assertArrayEquals(new double[] {0.7, 0.1}, r.input(), "the doubles nearest the decimals");
        assertTrue(r.detail().contains("one-ulp box"), r.detail());
        assertFalse(spec.cases().get(0).box().contains(r.input()));
    }

    @Test
    void aPropertyThatHoldsAtTheExactPointIsNeverSatFromTheDoubleNextToIt() {
        Graph g = steep();
        Specification spec = VnnlibParser.parse(STEEP_SPEC, "t.vnnlib");
        // the double 0.5 violates in float64 and float32; the decimal (y = 10) does not
        assertTrue(new Evaluator(g).evaluate(new double[] {0.5})[0] <= 1);
        assertTrue(new Evaluator(g, Evaluator.Precision.FLOAT32).evaluate(new double[] {0.5})[0] <= 1);
        ExactPointViolation check = new ExactPointViolation(g, spec, List.of(new Evaluator(g)::evaluate),
            System.nanoTime() + 10_000_000_000L);
        assertTrue(check.near(new double[] {0.5}).isEmpty(), "the one-ulp box also holds safe points");
        VerificationResult r = Verifier.verify(g, spec, VerifierOptions.defaults().withTimeout(3));
        assertNotEquals(Verdict.SAT, r.verdict(), r.detail());
    }

    @Test
    void theSteepViolationIsProvedWhereTheRightHandSideLeavesRoom() {
        // the same network with Y_0 <= 10000: every point of the one-ulp box (y in [0, 111]) violates, and
        // the bounds' rounding margins (1e18 times a few rounding steps of 0.5: about 2300) leave room
        Graph g = steep();
        Specification spec = VnnlibParser.parse(STEEP_SPEC.replace("Y_0 1)", "Y_0 10000)"), "t.vnnlib");
        ExactPointViolation check = new ExactPointViolation(g, spec, List.of(new Evaluator(g)::evaluate),
            System.nanoTime() + 10_000_000_000L);
        assertArrayEquals(new double[] {0.5}, check.near(new double[] {Math.nextUp(0.5)}).orElseThrow(),
            "the double nearest the decimal");
    }

    @Test
    void inputConstraintsMustHoldOnTheWholeBox() {
        // X_0 = 0.1 <= X_1 <= 0.05 is empty, so nothing violates, although every output is unsafe
        Specification spec = VnnlibParser.parse("""
            (declare-const X_0 Real) (declare-const X_1 Real) (declare-const Y_0 Real) (declare-const Y_1 Real)
            (assert (>= X_0 0.1)) (assert (<= X_0 0.1)) (assert (>= X_1 0)) (assert (<= X_1 0.05))
            (assert (<= X_0 X_1)) (assert (>= Y_0 -1))
            """, "t.vnnlib");
        Graph g = TinyReluNetwork.graph();
        ExactPointViolation check = new ExactPointViolation(g, spec, List.of(new Evaluator(g)::evaluate),
            System.nanoTime() + 10_000_000_000L);
        assertTrue(check.near(new double[] {0.1, 0.05}).isEmpty());
        assertTrue(check.near(new double[] {0.1, 0.2}).isEmpty(), "a candidate outside the box is moved in first");
        VerificationResult r = Verifier.verify(TinyReluNetwork.graph(), spec, VerifierOptions.defaults().withTimeout(3));
        assertNotEquals(Verdict.SAT, r.verdict(), r.detail());
    }
}
