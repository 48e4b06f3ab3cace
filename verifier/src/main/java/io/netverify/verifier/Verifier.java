package io.netverify.verifier;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.attack.SamplingAttack;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;

import java.util.Optional;

/**
 * The verification pipeline: for now, falsification by sampling on every case of the spec. A
 * counterexample is reported only after exact re-evaluation shows that it violates the property,
 * in float64 and with float32 rounding of every node, so it also holds for a float32 runtime.
 */
public final class Verifier {
    /** Evaluations the attack may spend per case before giving up. */
    private static final int ATTACK_EVALUATIONS = 20_000;

    private Verifier() {
    }

    public static VerificationResult verify(Graph graph, Specification spec, VerifierOptions options) {
        long start = System.nanoTime();
        long deadline = start + (long) (options.timeoutSeconds() * 1e9);
        spec.checkDimensions(graph.inputs().get(0).shape().size(), outputSize(graph), "the specification");
        Evaluator exact = new Evaluator(graph);
        Evaluator float32 = new Evaluator(graph, Evaluator.Precision.FLOAT32);
        SamplingAttack attack = new SamplingAttack(exact, options.seed());
        for (int c = 0; c < spec.cases().size(); c++) {
            SpecCase sc = spec.cases().get(c);
            options.progress().accept(String.format("attack: case %d/%d, %.1fs elapsed", c + 1, spec.cases().size(),
                seconds(start)));
            Optional<double[]> found = attack.search(sc.box().lower(), sc.box().upper(),
                (x, y) -> sc.inputConstraints().satisfiedBy(x) ? sc.margin(y) : Double.POSITIVE_INFINITY,
                deadline, ATTACK_EVALUATIONS);
            if (found.isPresent()) {
                double[] x = found.get();
                double[] y = exact.evaluate(x);
                if (spec.isViolatedBy(x, y) && spec.isViolatedBy(x, float32.evaluate(x))) {
                    return new VerificationResult(Verdict.SAT, x, y, "counterexample found by sampling (case " + (c + 1) + ")",
                        seconds(start));
                }
            }
            if (System.nanoTime() >= deadline) {
                return VerificationResult.of(Verdict.TIMEOUT, "timeout after " + options.timeoutSeconds() + " s", seconds(start));
            }
        }
        return VerificationResult.of(Verdict.UNKNOWN, "no counterexample found; no proof method ran", seconds(start));
    }

    private static int outputSize(Graph g) {
        return g.outputs().stream().mapToInt(o -> g.shape(o).size()).sum();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
