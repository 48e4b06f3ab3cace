package io.netverify.verifier;

import io.netverify.bab.BabResult;
import io.netverify.bab.BranchAndBound;
import io.netverify.bab.BranchingStrategy;
import io.netverify.bab.WitnessCheck;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.LocalLinearization;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.attack.PgdAttack;
import io.netverify.verifier.attack.SamplingAttack;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The verification pipeline: falsification on every case of the spec (sampling, then PGD), then a proof
 * attempt by bound propagation (IBP, CROWN, alpha-CROWN), then branch and bound on every case still
 * open ({@link BranchingMode}). A counterexample is reported only after exact re-evaluation shows
 * that it violates the property, in float64 and with float32 rounding of every node, so it also
 * holds for a float32 runtime (where the file's input box holds no double, as with {@code X_0 = 0.1}
 * exactly, bounds must also show that the exact point's one-ulp box violates it:
 * {@link ExactPointViolation}); {@code unsat} only when sound bounds exclude every unsafe region of
 * every case (on every domain of the branch-and-bound search).
 */
public final class Verifier {
    /** Evaluations the attack may spend per case before giving up. */
    private static final int ATTACK_EVALUATIONS = 20_000;
    /** Gradient steps PGD may spend per case. */
    private static final int PGD_STEPS = 10_000;
    /**
     * The share of the time budget the first attack may use. Small: on a large network where nothing
     * is found it is pure cost before a proof (ResNet-2B at 120 s: 6 s of attack, then CROWN proves
     * in 2 s), and a counterexample it misses can still come from branch and bound's candidates or
     * the second attack.
     */
    private static final double ATTACK_SHARE = 0.02;

    private Verifier() {
    }

    public static VerificationResult verify(Graph graph, Specification spec, VerifierOptions options) {
        long start = System.nanoTime();
        long deadline = start + (long) (options.timeoutSeconds() * 1e9);
        spec.checkDimensions(graph.inputs().get(0).shape().size(), outputSize(graph), "the specification");
        Evaluator exact = new Evaluator(graph);
        Evaluator float32 = new Evaluator(graph, Evaluator.Precision.FLOAT32);
        WitnessCheck check = witnessCheck(graph, spec, exact, float32, deadline);
        // a short attack first: most counterexamples are easy, and properties that hold need the time for proofs
        Optional<VerificationResult> early = attack(graph, spec, exact, check, options.seed(),
            start + (long) (ATTACK_SHARE * options.timeoutSeconds() * 1e9), options, start);
        if (early.isPresent()) {
            return early.get();
        }
        if (System.nanoTime() >= deadline) {
            return timeout("in the attack", start);
        }
        VerificationResult proof = prove(graph, spec, exact, check, deadline, options, start);
        if (proof.verdict() != Verdict.UNKNOWN || System.nanoTime() >= deadline) {
            return proof;
        }
        // undecided with time left: attack again, from other random starts, until the deadline
        return attack(graph, spec, exact, check, options.seed() + 1, deadline, options, start).orElse(proof);
    }

    /** Sampling then PGD on every case until {@code attackDeadline}; a confirmed counterexample is the result. */
    private static Optional<VerificationResult> attack(Graph graph, Specification spec, Evaluator exact, WitnessCheck check,
                                                       long seed, long attackDeadline, VerifierOptions options, long start) {
        SamplingAttack attack = new SamplingAttack(exact, seed);
        PgdAttack pgd = pgdAttack(graph, exact, seed);
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
            Optional<double[]> witness = found.flatMap(check::confirm);
            if (witness.isPresent()) {
                double[] x = witness.get();
                return Optional.of(new VerificationResult(Verdict.SAT, x, exact.evaluate(x),
                    "counterexample found by " + how + " (case " + (c + 1) + ")" + where(spec, x), seconds(start)));
            }
            if (System.nanoTime() >= attackDeadline) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Bound propagation, then branch and bound, on every case: unsat, sat (from a search's witness), timeout or unknown. */
    private static VerificationResult prove(Graph graph, Specification spec, Evaluator exact, WitnessCheck check, long deadline,
                                            VerifierOptions options, long start) {
        BranchingMode mode = options.branching().resolve(graph.inputs().get(0).shape().size());
        boolean branched = false;
        for (int c = 0; c < spec.cases().size(); c++) {
            options.progress().accept(String.format("bounds: case %d/%d, %.1fs elapsed", c + 1, spec.cases().size(), seconds(start)));
            SpecCase sc = spec.cases().get(c);
            BoundProof.Outcome o;
            try {
                o = BoundProof.prove(graph, sc, proofMethods(mode), deadline, options.progress());
            } catch (NoRelaxationException e) {
                return VerificationResult.of(Verdict.UNKNOWN, "cannot bound the network: " + e.getMessage(), seconds(start));
            }
            if (o.proved()) {
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                return timeout(String.format("in bound propagation (case %d)", c + 1), start);
            }
            Optional<BranchingStrategy<?>> strategy = BranchAndBoundProof.strategy(graph, sc, o.open(), mode, o.intermediate());
            if (strategy.isEmpty()) {
                return VerificationResult.of(Verdict.UNKNOWN, String.format("no counterexample found; case %d not proved "
                    + "(best margin lower bound %.6g); %s splitting not available", c + 1, o.worstMargin(),
                    mode.name().toLowerCase()), seconds(start));
            }
            options.progress().accept(String.format("bab: case %d/%d, %s splitting", c + 1, spec.cases().size(),
                mode.name().toLowerCase()));
            BabResult r = BranchAndBound.of(strategy.get()).progress(options.progress()).run(check, deadline);
            branched = true;
            switch (r.status()) {
                case VERIFIED -> { }
                case FALSIFIED -> {
                    return new VerificationResult(Verdict.SAT, r.witness(), exact.evaluate(r.witness()),
                        String.format("counterexample found by branch and bound (case %d, %d domains)", c + 1, r.visited())
                            + where(spec, r.witness()),
                        seconds(start));
                }
                case TIMEOUT -> {
                    return timeout(String.format("in branch and bound (case %d: margin lower bound %.6g after %d domains)",
                        c + 1, r.worstBound(), r.visited()), start);
                }
                case UNKNOWN -> {
                    return VerificationResult.of(Verdict.UNKNOWN, String.format("no counterexample found; case %d not proved "
                        + "(a domain cannot be split further; margin lower bound %.6g after %d domains)", c + 1,
                        r.worstBound(), r.visited()), seconds(start));
                }
                default -> throw new IllegalStateException(r.status().name());
            }
        }
        return VerificationResult.of(Verdict.UNSAT, branched ? "every unsafe region excluded by branch and bound"
            : "every unsafe region excluded by bound propagation", seconds(start));
    }

    /**
     * Bound methods tried on a whole case before branching. Input splitting starts with CROWN on the
     * whole box and is cheaper than alpha-CROWN's 50 iterations on the cases that alpha-CROWN proves
     * (on ACAS Xu they need a handful of boxes), so alpha-CROWN is left out there.
     */
    private static List<BoundMethod> proofMethods(BranchingMode mode) {
        return mode == BranchingMode.ACTIVATION ? List.of(BoundMethod.values()) : List.of(BoundMethod.IBP, BoundMethod.CROWN);
    }

    /**
     * Confirms a candidate x: x, or x moved into the file's exact input box by rounding steps, when it
     * violates the property in float64 and with float32 rounding of every node, compared exactly with
     * the file's constants; where the exact box holds no double, the double next to an exact point
     * whose one-ulp box is proved to violate it ({@link ExactPointViolation}).
     */
    private static WitnessCheck witnessCheck(Graph graph, Specification spec, Evaluator exact, Evaluator float32, long deadline) {
        List<UnaryOperator<double[]>> evaluations = List.of(exact::evaluate, float32::evaluate);
        ExactPointViolation atExactPoint = new ExactPointViolation(graph, spec, evaluations, deadline);
        return x -> spec.counterexampleNear(x, evaluations).or(() -> atExactPoint.near(x));
    }

    /** For a witness outside every case's exact input region: how the violation was established. */
    private static String where(Specification spec, double[] witness) {
        return spec.cases().stream().anyMatch(c -> c.containsInput(witness)) ? ""
            : "; violation proven over the exact point's one-ulp box";
    }

    /** A timeout whose detail says where the time ran out (the budget is the caller's to report). */
    private static VerificationResult timeout(String where, long start) {
        return VerificationResult.of(Verdict.TIMEOUT, where, seconds(start));
    }

    /** PGD, or null when some operator has no relaxation to take gradients through (sampling only then). */
    private static PgdAttack pgdAttack(Graph graph, Evaluator exact, long seed) {
        try {
            return new PgdAttack(exact, LocalLinearization.of(graph), seed);
        } catch (NoRelaxationException e) {
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
