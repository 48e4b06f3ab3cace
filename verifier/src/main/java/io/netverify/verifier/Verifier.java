package io.netverify.verifier;

import io.netverify.bounds.LocalLinearization;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.attack.PgdAttack;
import io.netverify.verifier.attack.SamplingAttack;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;

import java.util.List;
import java.util.Optional;

/**
 * The verification pipeline: falsification on every case of the spec (sampling, then PGD), then a proof
 * attempt by bound propagation (IBP, CROWN, alpha-CROWN). A counterexample is reported only after
 * exact re-evaluation shows that it violates the property, in float64 and with float32 rounding of
 * every node, so it also holds for a float32 runtime; {@code unsat} only when sound bounds exclude
 * every unsafe region of every case.
 */
public final class Verifier {
    /** Evaluations the attack may spend per case before giving up. */
    private static final int ATTACK_EVALUATIONS = 20_000;
    /** Gradient steps PGD may spend per case. */
    private static final int PGD_STEPS = 10_000;
    private static final double ATTACK_SHARE = 0.25;

    private Verifier() {
    }

    public static VerificationResult verify(Graph graph, Specification spec, VerifierOptions options) {
        long start = System.nanoTime();
        long deadline = start + (long) (options.timeoutSeconds() * 1e9);
        // sampling gets a share of the budget; the rest is for proofs
        long attackDeadline = start + (long) (ATTACK_SHARE * options.timeoutSeconds() * 1e9);
        spec.checkDimensions(graph.inputs().get(0).shape().size(), outputSize(graph), "the specification");
        Evaluator exact = new Evaluator(graph);
        Evaluator float32 = new Evaluator(graph, Evaluator.Precision.FLOAT32);
        SamplingAttack attack = new SamplingAttack(exact, options.seed());
        PgdAttack pgd = pgdAttack(graph, exact, options.seed());
        for (int c = 0; c < spec.cases().size(); c++) {
            SpecCase sc = spec.cases().get(c);
            options.progress().accept(String.format("attack: case %d/%d, %.1fs elapsed", c + 1, spec.cases().size(),
                seconds(start)));
            // each case gets an equal part of the attack time left; sampling at most half of it when PGD follows
            long now = System.nanoTime();
            long caseDeadline = now + Math.max(0, attackDeadline - now) / (spec.cases().size() - c);
            SamplingAttack.Result sampled = attack.search(sc.box().lower(), sc.box().upper(),
                (x, y) -> sc.inputConstraints().satisfiedBy(x) ? sc.margin(y) : Double.POSITIVE_INFINITY,
                pgd == null ? caseDeadline : now + (caseDeadline - now) / 2, ATTACK_EVALUATIONS);
            Optional<double[]> found = sampled.counterexample();
            String how = "sampling";
            if (found.isEmpty() && pgd != null) {
                found = pgd.search(sc, sampled.best() == null ? List.of() : List.of(sampled.best()), caseDeadline, PGD_STEPS);
                how = "PGD";
            }
            if (found.isPresent()) {
                double[] x = found.get();
                double[] y = exact.evaluate(x);
                if (spec.isViolatedBy(x, y) && spec.isViolatedBy(x, float32.evaluate(x))) {
                    return new VerificationResult(Verdict.SAT, x, y, "counterexample found by " + how + " (case " + (c + 1) + ")",
                        seconds(start));
                }
            }
            if (System.nanoTime() >= deadline) {
                return VerificationResult.of(Verdict.TIMEOUT, "timeout after " + options.timeoutSeconds() + " s", seconds(start));
            }
        }
        for (int c = 0; c < spec.cases().size(); c++) {
            options.progress().accept(String.format("bounds: case %d/%d, %.1fs elapsed", c + 1, spec.cases().size(), seconds(start)));
            BoundProof.Outcome o;
            try {
                o = BoundProof.prove(graph, spec.cases().get(c), deadline, options.progress());
            } catch (UnsupportedOperationException e) {
                return VerificationResult.of(Verdict.UNKNOWN, "cannot bound the network: " + e.getMessage(), seconds(start));
            }
            if (!o.proved()) {
                if (System.nanoTime() - deadline >= 0) {
                    return VerificationResult.of(Verdict.TIMEOUT, "timeout after " + options.timeoutSeconds() + " s", seconds(start));
                }
                return VerificationResult.of(Verdict.UNKNOWN, String.format("no counterexample found; case %d not proved "
                    + "(best margin lower bound %.6g; branch and bound is not implemented yet)", c + 1, o.worstMargin()), seconds(start));
            }
        }
        return VerificationResult.of(Verdict.UNSAT, "every unsafe region excluded by bound propagation", seconds(start));
    }

    /** PGD, or null when some operator has no relaxation to take gradients through (sampling only then). */
    private static PgdAttack pgdAttack(Graph graph, Evaluator exact, long seed) {
        try {
            return new PgdAttack(exact, LocalLinearization.of(graph), seed);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static int outputSize(Graph g) {
        return g.outputs().stream().mapToInt(o -> g.shape(o).size()).sum();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
