package io.netverify.verifier;

import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.SharedData;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline with activation splitting (beta-CROWN) on mnist 256x2 (784 inputs): an instance
 * whose property holds but that bound propagation alone cannot prove, and one whose counterexample
 * the attacks miss at their first budget; both answers as published.
 */
class ActivationSplittingSharedTest {
    private static VerificationResult verify(String vnnlib) {
        Path dir = SharedData.file("benchmarks/mnist_fc");
        Graph g = OnnxModel.read(dir.resolve("onnx/mnist-net_256x2.onnx")).toGraph();
        Specification spec = VnnlibParser.parse(dir.resolve(vnnlib));
        return Verifier.verify(g, spec, VerifierOptions.defaults().withTimeout(60).withBranching(BranchingMode.AUTO));
    }

    @Test
    void aPropertyThatNeedsBranchingIsProved() {
        VerificationResult r = verify("vnnlib/prop_8_0.03.vnnlib");
        assertEquals(Verdict.UNSAT, r.verdict(), r.detail());
        assertTrue(r.detail().contains("branch and bound"), r.detail());
    }

    @Test
    void aFalsePropertyIsFalsifiedWithACheckedWitness() {
        VerificationResult r = verify("vnnlib/prop_2_0.03.vnnlib");
        assertEquals(Verdict.SAT, r.verdict(), r.detail());
        Path dir = SharedData.file("benchmarks/mnist_fc");
        Graph g = OnnxModel.read(dir.resolve("onnx/mnist-net_256x2.onnx")).toGraph();
        Specification spec = VnnlibParser.parse(dir.resolve("vnnlib/prop_2_0.03.vnnlib"));
        assertTrue(spec.isViolatedBy(r.input(), new io.netverify.onnx.Evaluator(g).evaluate(r.input())));
    }
}
