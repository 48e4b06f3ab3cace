package io.netverify.verifier;

import io.netverify.bab.BoundedDomain;
import io.netverify.bab.BranchingStrategy;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.SharedData;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attack on a stalled branch and bound, end to end: on reach_prob_density {@code vdp_6} the quick attack
 * misses the counterexample and the bounds do not call a violation likely, so the case goes to branch and
 * bound. Its domains' own candidates are withheld here, so only the attack it runs when stalled can find it.
 */
class StalledProofAttackSharedTest {
    /** The strategy with its candidates dropped: branch and bound alone can then only prove or time out. */
    private static <D> BranchingStrategy<D> withoutCandidates(BranchingStrategy<D> s) {
        return new BranchingStrategy<>() {
            @Override
            public List<D> roots() {
                return s.roots();
            }

            @Override
            public List<BoundedDomain<D>> bound(List<D> batch, long deadlineNanos) {
                return s.bound(batch, deadlineNanos).stream().map(b -> new BoundedDomain<>(b.domain(), b.lowerBound(), null))
                    .toList();
            }

            @Override
            public List<D> branch(BoundedDomain<D> domain) {
                return s.branch(domain);
            }

            @Override
            public long bytes(D domain) {
                return s.bytes(domain);
            }
        };
    }

    @Test
    void theAttackOnTheStalledSearchFindsACheckedCounterexample() {
        Path onnx = SharedData.file("benchmarks/reach_prob_density/onnx/vdp.onnx");
        Path vnnlib = SharedData.file("benchmarks/reach_prob_density/vnnlib/vdp_6.vnnlib");
        Graph g = OnnxModel.read(onnx).toGraph();
        Specification spec = VnnlibParser.parse(vnnlib);
        List<String> lines = new ArrayList<>();
        VerifierOptions options = new VerifierOptions(120, 0, lines::add)
            .withExecutor((graph, problem) -> problem.strategy(graph).map(s -> withoutCandidates(s)));
        VerificationResult r = Verifier.verify(g, spec, options);
        assertEquals(Verdict.SAT, r.verdict(), r.detail());
        assertTrue(r.detail().contains("when branch and bound stalled"), r.detail());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("bab: stalled at worst bound")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("likely violated")), lines.toString());
        double[] y = new Evaluator(g).evaluate(r.input());
        assertTrue(spec.isViolatedBy(r.input(), y), "false witness");
    }
}
