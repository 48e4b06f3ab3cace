package io.netverify.verifier;

import io.netverify.bab.BabResult;
import io.netverify.bab.BranchAndBound;
import io.netverify.bab.BranchingStrategy;
import io.netverify.bab.StallAttack;
import io.netverify.bab.WitnessCheck;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.EnumWords;
import io.netverify.bounds.Interval;
import io.netverify.bounds.LocalLinearization;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.attack.LogitMargins;
import io.netverify.verifier.attack.MarginFunction;
import io.netverify.verifier.attack.PgdAttack;
import io.netverify.verifier.attack.SamplingAttack;
import io.netverify.verifier.attack.StraightThrough;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The verification pipeline, ordered so that easy instances pay no fixed cost: interval bounds on every
 * case (about two evaluations; where they prove every case nothing else runs), a quick attack on every
 * case of the spec (a few thousand samples and a short PGD, milliseconds on small networks; PGD follows
 * straight-through gradients on Sign networks, {@link StraightThrough}), then a proof attempt by the
 * costlier bound propagation (CROWN, alpha-CROWN) and branch and bound on every case still
 * open ({@link BranchingMode}). A longer attack runs only where evidence asks for it: before branching
 * on a case that bounds could not prove and the quick attack came close to violating
 * ({@link #violationLikely}), whenever branch and bound stalls (from its worst domains' candidates, for a
 * share of its time, which sampling's restarted local searches fill: {@link StallAttack}), and after a proof
 * that ended undecided with time left. A
 * counterexample is reported only after exact
 * re-evaluation shows that it violates the property, in float64 and with float32 rounding of every node,
 * so it also holds for a float32 runtime (where the file's input box holds no double, as with
 * {@code X_0 = 0.1} exactly, bounds must also show that the exact point's one-ulp box violates it:
 * {@link ExactPointViolation}); {@code unsat} only when sound bounds exclude every unsafe region of
 * every case (on every domain of the branch-and-bound search).
 */
public final class Verifier {
    /** Evaluations a full attack may spend per case before giving up. */
    private static final int ATTACK_EVALUATIONS = 20_000;
    /** Gradient steps a full PGD may spend per case. */
    private static final int PGD_STEPS = 10_000;
    /**
     * Samples of the quick first attack per case: most easy counterexamples are among them (256 missed
     * some that the old 20,000 found within a second, e.g. reach_prob_density robot_9).
     */
    private static final int QUICK_SAMPLES = 2_048;
    /** Corner-search evaluations of the quick first attack per case. */
    private static final int QUICK_CORNERS = 256;
    /** PGD steps of the quick first attack per case: three runs, one per first step size. */
    private static final int QUICK_PGD_STEPS = 150;
    /**
     * The most of the time budget the quick attack may take: reached only on large networks, where even
     * a few hundred evaluations are slow; a counterexample it misses can still come from the later attacks
     * or branch and bound's candidates.
     */
    private static final double QUICK_ATTACK_CAP = 0.02;
    /** The share of the time left a full attack may take before the costlier proofs of a case where a violation is likely. */
    private static final double LIKELY_ATTACK_SHARE = 0.1;
    /**
     * The share of the time left a gradient-free attack may take before the costlier proofs of a case whose
     * gradients vanished at every step of the quick attack (binarised networks): their relaxations are loose,
     * so proofs rarely succeed, and a single CROWN pass over a large one can take the rest of the budget.
     */
    private static final double FLAT_ATTACK_SHARE = 0.5;
    /**
     * A case's violation counts as likely when the best margin the attack reached is within this fraction
     * of the typical (median) sampled margin's distance above it: the attack came near zero, measured on the
     * scale the margin varies on over the input region.
     */
    private static final double LIKELY_FRACTION = 0.05;
    /**
     * Networks with at most this many neurons CROWN bounds ({@link BoundPropagator#crownNeurons}) get
     * CROWN with the interval bounds, before any attack: its passes then cost about a third of the quick
     * attack's ~3,200 evaluations at most, and where it proves every case the attack is saved.
     */
    private static final long CHEAP_CROWN_NEURONS = 512;
    /** The attacks' stages, named as a result's detail names them. */
    private static final String SAMPLING = "sampling";
    private static final String CORNERS = "corner search";
    private static final String PGD = "PGD";

    private Verifier() {
    }

    public static VerificationResult verify(Graph graph, Specification spec, VerifierOptions options) {
        long start = System.nanoTime();
        long deadline = start + (long) (options.timeoutSeconds() * 1e9);
        spec.checkDimensions(graph.inputs().get(0).shape().size(), outputSize(graph), "the specification");
        Evaluator exact = new Evaluator(graph);
        Evaluator float32 = new Evaluator(graph, Evaluator.Precision.FLOAT32);
        WitnessCheck check = witnessCheck(graph, spec, exact, float32, deadline);
        // the cheapest bounds first: interval bounds cost about two evaluations (CROWN on small networks
        // little more), and where they prove every case (easy instances) no attack need run; row by row, as
        // loading the LP engine for rows bounded together takes longer than the quick attack on a small network
        List<BoundMethod> first = firstMethods(graph);
        BoundProof.Outcome[] intervals = first == null ? null : firstBounds(graph, spec, first, deadline, options);
        if (intervals != null && Arrays.stream(intervals).allMatch(BoundProof.Outcome::proved)) {
            return VerificationResult.of(Verdict.UNSAT, "every unsafe region excluded by bound propagation", seconds(start));
        }
        Target[] targets = Target.of(graph, exact, spec);
        Attack quick = new Attack(spec, exact, targets, check, options, start, QUICK_SAMPLES, QUICK_CORNERS, QUICK_PGD_STEPS);
        Optional<VerificationResult> early = quick.run(options.seed(),
            start + (long) (QUICK_ATTACK_CAP * options.timeoutSeconds() * 1e9));
        if (early.isPresent()) {
            return early.get();
        }
        if (System.nanoTime() >= deadline) {
            return timeout("in the attack", start);
        }
        Attack full = new Attack(spec, exact, targets, check, options, start, ATTACK_EVALUATIONS, ATTACK_EVALUATIONS, PGD_STEPS);
        VerificationResult proof = prove(graph, spec, intervals, first, exact, check, deadline, options, start, quick, full);
        if (proof.verdict() != Verdict.UNKNOWN || System.nanoTime() >= deadline) {
            return proof;
        }
        // undecided with time left: attack again, from other random starts, until the deadline
        return full.run(options.seed() + 2, deadline).orElse(proof);
    }

    /**
     * Whether a case not proved by bounds ({@code lowerBound} of its margin <= 0) is likely violated: the
     * attack's best margin {@code attained} (> 0, else it would have been a counterexample) is near zero
     * against the {@code typical} sampled margin, or the bounds are unbounded below (no scale to judge by).
     * Where sampling measured no typical margin (it ran out of its time on a large network) but the attack
     * reached a margin, the scale is the gap between that margin and the lower bound.
     */
    static boolean violationLikely(double attained, double typical, double lowerBound) {
        double scale = Double.isFinite(typical) || !Double.isFinite(attained) ? typical - attained : attained - lowerBound;
        return lowerBound == Double.NEGATIVE_INFINITY || !(attained > LIKELY_FRACTION * scale);
    }

    /**
     * What the attacks on one case search: the network's outputs, or the logits of a final Softmax where the
     * case compares outputs ({@link LogitMargins}); and PGD's gradients of them (null when some operator has
     * none: no PGD then), straight-through estimates where the network has Sign activations
     * ({@link StraightThrough}, its scales from the case's box).
     */
    private record Target(Evaluator evaluator, LocalLinearization gradients, boolean straightThrough) {
        static Target[] of(Graph graph, Evaluator exact, Specification spec) {
            Graph logitGraph = LogitMargins.logits(graph).orElse(null);
            Evaluator logits = logitGraph == null ? null : new Evaluator(logitGraph);
            LocalLinearization outputGradients = linearization(graph);
            LocalLinearization logitGradients = logitGraph == null ? null : linearization(logitGraph);
            Target[] targets = new Target[spec.cases().size()];
            for (int c = 0; c < targets.length; c++) {
                SpecCase sc = spec.cases().get(c);
                boolean onLogits = logitGraph != null && LogitMargins.comparesOutputs(sc);
                Optional<Graph> surrogate = straightThrough(onLogits ? logitGraph : graph, sc);
                targets[c] = new Target(onLogits ? logits : exact, surrogate.map(Verifier::linearization)
                    .orElse(onLogits ? logitGradients : outputGradients), surrogate.isPresent());
            }
            return targets;
        }

        private static Optional<Graph> straightThrough(Graph graph, SpecCase sc) {
            try {
                return StraightThrough.surrogate(graph, new Interval(sc.box().lower(), sc.box().upper()));
            } catch (NoRelaxationException e) {
                return Optional.empty();
            }
        }
    }

    /** Sampling, corner search and PGD on the cases of a spec with a per-case budget; remembers each case's best margin. */
    private static final class Attack {
        final Specification spec;
        final Evaluator exact;
        final Target[] targets;
        final WitnessCheck check;
        final VerifierOptions options;
        final long start;
        final int samples;
        final int corners;
        final int pgdSteps;
        /** Per case, the least margin a run of this attack reached (infinite until one ran). */
        final double[] bestMargins;
        /** Per case, the last run's median sampled margin (infinite until one ran). */
        final double[] typicalMargins;
        /**
         * Per case, whether the network's own gradients vanish: PGD ran and met only zero gradients, or the
         * network has Sign activations (PGD follows straight-through estimates there).
         */
        final boolean[] flat;

        Attack(Specification spec, Evaluator exact, Target[] targets, WitnessCheck check, VerifierOptions options, long start,
               int samples, int corners, int pgdSteps) {
            this.spec = spec;
            this.exact = exact;
            this.targets = targets;
            this.check = check;
            this.options = options;
            this.start = start;
            this.samples = samples;
            this.corners = corners;
            this.pgdSteps = pgdSteps;
            this.bestMargins = new double[spec.cases().size()];
            Arrays.fill(bestMargins, Double.POSITIVE_INFINITY);
            this.typicalMargins = bestMargins.clone();
            this.flat = new boolean[bestMargins.length];
        }

        /** Every case in turn until {@code attackDeadline}; a confirmed counterexample is the result. */
        Optional<VerificationResult> run(long seed, long attackDeadline) {
            for (int c = 0; c < spec.cases().size(); c++) {
                // each case gets an equal part of the attack time left
                long now = System.nanoTime();
                Optional<VerificationResult> r = run(c, seed, now + Math.max(0, attackDeadline - now) / (spec.cases().size() - c));
                if (r.isPresent() || System.nanoTime() >= attackDeadline) {
                    return r;
                }
            }
            return Optional.empty();
        }

        /**
         * Sampling, a corner search (for binarised networks, whose gradients vanish) and PGD from the best
         * sampled point, on case c, each at most an equal share of the time left to the case. Where PGD follows
         * straight-through gradients it goes first, from the box centre: it sees there what sampling and the
         * corner search can only guess at. PGD is left out where an earlier run met only zero gradients and
         * there is no straight-through estimate. PGD's first runs start from {@code starts} (e.g. candidates of
         * branch and bound's worst domains), then from the best sampled point. With {@code stalled} (branch and
         * bound's attacks: the quick attack has shown whether gradients vanish) PGD and the corner search run
         * first, and sampling, last, restarts its local search until the time left to the case is spent, however
         * many evaluations that takes: where evaluations are cheap, PGD and the corner search end early, and many
         * restarts reach small violating regions that one local search misses; where they are not, the first
         * search already takes the time. Returns a confirmed counterexample.
         */
        Optional<Found> search(int c, long seed, long caseDeadline, List<double[]> starts, boolean stalled) {
            SpecCase sc = spec.cases().get(c);
            options.progress().accept(caseLine("attack", c, spec, start));
            Target target = targets[c];
            flat[c] |= target.straightThrough();
            PgdAttack pgd = target.gradients() == null || flat[c] && !target.straightThrough() ? null
                : new PgdAttack(target.evaluator(), target.gradients(), seed);
            SamplingAttack sampling = new SamplingAttack(target.evaluator(), seed);
            MarginFunction margin = (x, y) -> sc.inputConstraints().satisfiedBy(x) ? sc.margin(y) : Double.POSITIVE_INFINITY;
            List<String> stages = pgd == null ? List.of(SAMPLING, CORNERS)
                : target.straightThrough() ? List.of(PGD, SAMPLING, CORNERS)
                : stalled ? List.of(PGD, CORNERS, SAMPLING) : List.of(SAMPLING, CORNERS, PGD);
            double[] sampledBest = null;
            Optional<double[]> found = Optional.empty();
            String how = null;
            for (int stage = 0; found.isEmpty() && stage < stages.size(); stage++) {
                long now = System.nanoTime();
                long stageDeadline = now + (caseDeadline - now) / (stages.size() - stage);
                how = stages.get(stage);
                switch (how) {
                    case SAMPLING -> {
                        boolean restarts = stalled && stage == stages.size() - 1;
                        SamplingAttack.Result sampled = sampling.search(sc.box().lower(), sc.box().upper(), margin,
                            stageDeadline, restarts ? Integer.MAX_VALUE : samples, restarts);
                        bestMargins[c] = Math.min(bestMargins[c], sampled.margin());
                        typicalMargins[c] = sampled.typical();
                        sampledBest = sampled.best();
                        found = sampled.counterexample();
                    }
                    case CORNERS -> {
                        SamplingAttack.Result cornered = sampling.cornerSearch(sc.box().lower(), sc.box().upper(), margin,
                            stageDeadline, corners);
                        bestMargins[c] = Math.min(bestMargins[c], cornered.margin());
                        found = cornered.counterexample();
                    }
                    default -> {
                        List<double[]> from = new ArrayList<>(starts);
                        if (sampledBest != null) {
                            from.add(sampledBest);
                        }
                        found = pgd.search(sc, from, stageDeadline, pgdSteps);
                        flat[c] = target.straightThrough() || pgd.metOnlyZeroGradients();
                        how = target.straightThrough() ? "PGD (straight-through gradients)" : PGD;
                    }
                }
            }
            String stage = how;
            return found.flatMap(check::confirm).map(x -> new Found(x, stage));
        }

        /** {@link #search} as the verification's result. */
        Optional<VerificationResult> run(int c, long seed, long caseDeadline) {
            return search(c, seed, caseDeadline, List.of(), false).map(f -> new VerificationResult(Verdict.SAT, f.x(),
                exact.evaluate(f.x()), "counterexample found by " + f.how() + " (case " + (c + 1) + ")" + where(spec, f.x()),
                seconds(start)));
        }
    }

    /** A confirmed counterexample and the attack stage that found it. */
    private record Found(double[] x, String how) {
    }

    /**
     * The full attack on one case, run by branch and bound when its proof stalls, PGD starting from the worst
     * domains' candidates; each run with a new seed. Remembers what found its counterexample.
     */
    private static final class StalledProofAttack implements StallAttack {
        final Attack attack;
        final int c;
        long seed;
        Found found;

        StalledProofAttack(Attack attack, int c, long seed) {
            this.attack = attack;
            this.c = c;
            this.seed = seed;
        }

        @Override
        public List<double[]> search(List<double[]> starts, long deadlineNanos) {
            found = attack.search(c, seed++, deadlineNanos, starts, true).orElse(null);
            return found == null ? List.of() : List.of(found.x());
        }

        /** How {@code witness} was found, when this attack found it (branch and bound's check returns it unchanged). */
        Optional<String> finder(double[] witness) {
            return found != null && Arrays.equals(found.x(), witness) ? Optional.of(found.how()) : Optional.empty();
        }
    }

    /** The bound methods run before any attack: IBP, and CROWN on small networks; null when some operator has no relaxation. */
    private static List<BoundMethod> firstMethods(Graph graph) {
        try {
            return BoundPropagator.of(graph).crownNeurons() <= CHEAP_CROWN_NEURONS
                ? List.of(BoundMethod.IBP, BoundMethod.CROWN) : List.of(BoundMethod.IBP);
        } catch (NoRelaxationException e) {
            return null;
        }
    }

    /**
     * The {@code first} methods' bounds on every case, in order, row by row ({@link BoundProof#proveRowByRow}), or null
     * when some operator has no relaxation.
     */
    private static BoundProof.Outcome[] firstBounds(Graph graph, Specification spec, List<BoundMethod> first, long deadline,
                                                    VerifierOptions options) {
        BoundProof.Outcome[] outcomes = new BoundProof.Outcome[spec.cases().size()];
        try {
            for (int c = 0; c < outcomes.length; c++) {
                outcomes[c] = BoundProof.proveRowByRow(graph, spec.cases().get(c), first, deadline, options.progress());
            }
        } catch (NoRelaxationException e) {
            return null;
        }
        return outcomes;
    }

    /**
     * Bound propagation, then branch and bound, on every case: unsat, sat (from a search's witness), timeout or
     * unknown. {@code intervals}: each case's outcome of the {@code first} methods, or null when some operator
     * has no relaxation.
     */
    private static VerificationResult prove(Graph graph, Specification spec, BoundProof.Outcome[] intervals,
                                            List<BoundMethod> first, Evaluator exact,
                                            WitnessCheck check, long deadline, VerifierOptions options, long start,
                                            Attack quick, Attack attack) {

        BranchingMode mode = options.branching().resolve(graph.inputs().get(0).shape().size());
        boolean branched = false;
        for (int c = 0; c < spec.cases().size(); c++) {
            options.progress().accept(caseLine("bounds", c, spec, start));
            SpecCase sc = spec.cases().get(c);
            List<BoundMethod> methods = proofMethods(mode);
            BoundProof.Outcome o;
            try {
                // the first bounds came before the attack (their rows bounded together now); where they fail and the
                // quick attack came near a violation, the full attack runs before the costlier methods and branching
                o = intervals != null ? BoundProof.proveFurther(graph, sc, intervals[c], List.of(), deadline, options.progress())
                    : BoundProof.prove(graph, sc, methods.subList(0, 1), deadline, options.progress());
                boolean likely = violationLikely(quick.bestMargins[c], quick.typicalMargins[c], o.worstMargin());
                if (!o.proved() && (likely || quick.flat[c])) {
                    options.progress().accept(String.format("attack: case %d %s (attack margin %.6g, typical %.6g, "
                        + "interval bound %.6g)", c + 1, likely ? "likely violated" : "has no gradients", quick.bestMargins[c],
                        quick.typicalMargins[c], o.worstMargin()));
                    attack.flat[c] = quick.flat[c];
                    long now = System.nanoTime();
                    Optional<VerificationResult> found = attack.run(c, options.seed() + 1,
                        now + (long) ((likely ? LIKELY_ATTACK_SHARE : FLAT_ATTACK_SHARE) * (deadline - now)));
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
                // the costlier methods not run yet (alpha-CROWN starts from the last one's bounds when cut short;
                // when every one is cut short, the outcome so far is the one to branch from)
                List<BoundMethod> run = intervals != null ? first : methods.subList(0, 1);
                if (!o.proved() && methods.size() > run.size()) {
                    o = BoundProof.proveFurther(graph, sc, o, methods.subList(run.size(), methods.size()), deadline,
                        options.progress());
                }
            } catch (NoRelaxationException e) {
                return VerificationResult.of(Verdict.UNKNOWN, "cannot bound the network: " + e.getMessage(), seconds(start));
            }
            if (o.proved()) {
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                return timeout(String.format("in bound propagation (case %d)", c + 1), start);
            }
            Optional<BranchingStrategy<?>> strategy = options.executor().strategy(graph,
                BranchAndBoundProof.problem(graph, sc, o.open(), mode, o.intermediate()));
            if (strategy.isEmpty()) {
                return VerificationResult.of(Verdict.UNKNOWN, String.format("no counterexample found; case %d not proved "
                    + "(best margin lower bound %.6g); %s splitting not available", c + 1, o.worstMargin(),
                    EnumWords.word(mode)), seconds(start));
            }
            options.progress().accept(String.format("bab: case %d/%d, %s splitting", c + 1, spec.cases().size(),
                EnumWords.word(mode)));
            attack.flat[c] |= quick.flat[c];
            StalledProofAttack onStall = new StalledProofAttack(attack, c, options.seed() + 3);
            BabResult r = BranchAndBound.of(strategy.get()).progress(options.progress()).onStall(onStall).run(check, deadline);
            branched = true;
            switch (r.status()) {
                case VERIFIED -> { }
                case FALSIFIED -> {
                    return new VerificationResult(Verdict.SAT, r.witness(), exact.evaluate(r.witness()),
                        String.format("counterexample found by %s (case %d, %d domains)", onStall.finder(r.witness())
                            .map(how -> how + " when branch and bound stalled").orElse("branch and bound"), c + 1, r.visited())
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

    /**
     * "{@code stage}: case 2/3, 0.4s elapsed". Built without {@link String#format}: a process's first format call
     * loads the locale's number symbols, a large part of an easy instance's run, for a line that is usually dropped.
     */
    private static String caseLine(String stage, int c, Specification spec, long start) {
        return stage + ": case " + (c + 1) + "/" + spec.cases().size() + ", " + tenths(seconds(start)) + "s elapsed";
    }

    /** {@code String.format("%.1f", x)} in the root locale, for x >= 0. */
    static String tenths(double x) {
        return BigDecimal.valueOf(x).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** A timeout whose detail says where the time ran out (the budget is the caller's to report). */
    private static VerificationResult timeout(String where, long start) {
        return VerificationResult.of(Verdict.TIMEOUT, where, seconds(start));
    }

    /** The network's local linearisation for PGD, or null when some operator has no relaxation to take gradients through. */
    private static LocalLinearization linearization(Graph graph) {
        try {
            return LocalLinearization.of(graph);
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
