package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Verdict cross-check: for a random small network, the extreme value of one output over the box
 * is searched (an exhaustive grid on 1-2 inputs, sampling and local search above), confirmed by the
 * {@link ReferenceEvaluator}, and a property is written that is barely violated or barely holds
 * (a margin of 1e-9 to 1e-3 relative to the value). {@link Verifier#verify} must never say
 * {@code unsat} when a witness confirmed by exact evaluation exists, and every {@code sat} witness
 * must be one by exact evaluation.
 */
public final class VerdictCrossCheck {
    private final double timeoutSeconds;
    private final int searchEvaluations;

    /** Each verification gets {@code timeoutSeconds}; the witness search about {@code searchEvaluations} evaluations. */
    public VerdictCrossCheck(double timeoutSeconds, int searchEvaluations) {
        this.timeoutSeconds = timeoutSeconds;
        this.searchEvaluations = searchEvaluations;
    }

    /** A case for the cross-check: mostly 1-2 inputs (exhaustive grid), sometimes up to 4. */
    public static FuzzCase draw(long seed) {
        return RandomNetworks.draw(seed, seed % 4 == 0 ? 4 : 2);
    }

    public List<Failure> check(FuzzCase c) {
        List<Failure> failures = new ArrayList<>();
        FuzzCase.Imported in = c.load(failures);
        if (in == null) {
            return failures;
        }
        Graph graph = in.graph();
        ReferenceEvaluator reference = in.reference();
        Evaluator evaluator = in.evaluator();
        SplittableRandom rnd = new SplittableRandom(c.seed() ^ 0xabcdL);
        int outputs = evaluator.evaluate(c.lower()).length;
        int k = rnd.nextInt(outputs);
        double sign = rnd.nextBoolean() ? 1 : -1; // +1: the unsafe side is Y_k <= t, -1: Y_k >= t
        double[] best = search(c, evaluator, k, sign, rnd, searchEvaluations);
        Enclosure exact = reference.run(best, 0);
        double lo = exact.lo()[k];
        double hi = exact.hi()[k];
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi - lo > 1e-6 * (1 + Math.abs(lo))) {
            return failures; // outside the range where a margin of 1e-9 means anything
        }
        double margin = Math.pow(10, rnd.nextDouble(-9, -3)) * Math.max(1, Math.abs(lo));
        boolean violated = rnd.nextBoolean();
        // violated: the witness's exact value is strictly inside the unsafe side; holds: the threshold is just past the best value found
        double t = sign > 0 ? (violated ? Intervals.up(hi + margin, 1) : Intervals.down(lo - margin, 1))
            : (violated ? Intervals.down(lo - margin, 1) : Intervals.up(hi + margin, 1));
        if (!Double.isFinite(t)) {
            return failures;
        }
        String atom = "(" + (sign > 0 ? "<=" : ">=") + " Y_" + k + " " + Reproducer.decimal(t) + ")";
        String text = Reproducer.vnnlib(c, outputs, atom);
        Specification spec = VnnlibParser.parse(text, "fuzz-" + c.seed() + ".vnnlib");
        VerificationResult result;
        try {
            result = Verifier.verify(graph, spec, new VerifierOptions(timeoutSeconds, c.seed(), s -> {
            }));
        } catch (RuntimeException e) {
            // a bound method's refusal (an operator's input interval where it is undefined) is an answer of sorts, not a wrong one
            if (!SoundnessFuzzer.isRefusal(e)) {
                failures.add(new Failure(c, "verify-error", e.toString(), null, atom, outputs));
            }
            return failures;
        }
        String what = (violated ? "barely violated" : "barely holding") + " property " + atom + ", margin " + margin;
        if (result.verdict() == Verdict.SAT) {
            Enclosure w = reference.run(result.input(), 0);
            boolean inBox = inBox(c, result.input());
            boolean unsafe = sign > 0 ? w.lo()[k] <= t : w.hi()[k] >= t;
            if (!inBox || !unsafe) {
                failures.add(new Failure(c, "wrong-sat", what + ": witness " + Arrays.toString(result.input()) + " gives exact Y_" + k
                    + " in [" + w.lo()[k] + ", " + w.hi()[k] + "]", result.input(), atom, outputs));
            }
        } else if (result.verdict() == Verdict.UNSAT) {
            double[] witness = violated ? best : search(c, evaluator, k, sign, rnd, 4 * searchEvaluations);
            Enclosure w = reference.run(witness, 0);
            boolean confirmed = sign > 0 ? w.hi()[k] <= t : w.lo()[k] >= t;
            if (confirmed) {
                failures.add(new Failure(c, "wrong-unsat", what + ": verify says unsat, but " + Arrays.toString(witness)
                    + " gives exact Y_" + k + " in [" + w.lo()[k] + ", " + w.hi()[k] + "]", witness, atom, outputs));
            }
        }
        return failures;
    }

    private static boolean inBox(FuzzCase c, double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= c.lower()[i] && x[i] <= c.upper()[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The point of the box found with the least {@code sign * Y_k}: a grid of about
     * {@code evaluations} points on 1-2 inputs, otherwise random samples and corners, then a
     * coordinate search with shrinking steps from the best one.
     */
    static double[] search(FuzzCase c, Evaluator ev, int k, double sign, SplittableRandom rnd, int evaluations) {
        int n = c.inputs();
        double[] best = c.lower().clone();
        double bestValue = sign * ev.evaluate(best)[k];
        List<double[]> candidates = new ArrayList<>();
        if (n <= 2) {
            int per = n == 1 ? evaluations : (int) Math.sqrt(evaluations);
            for (int a = 0; a <= per; a++) {
                for (int b = 0; b <= (n == 1 ? 0 : per); b++) {
                    double[] x = new double[n];
                    x[0] = at(c, 0, (double) a / per);
                    if (n == 2) {
                        x[1] = at(c, 1, (double) b / per);
                    }
                    candidates.add(x);
                }
            }
        } else {
            for (int s = 0; s < evaluations / 2; s++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    double u = rnd.nextInt(4) == 0 ? rnd.nextInt(2) : rnd.nextDouble();
                    x[i] = at(c, i, u);
                }
                candidates.add(x);
            }
        }
        for (double[] x : candidates) {
            double v = sign * ev.evaluate(x)[k];
            if (v < bestValue) {
                bestValue = v;
                best = x;
            }
        }
        // coordinate search from the best point, the step halving when no move helps
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = (c.upper()[i] / 2 - c.lower()[i] / 2) / (n <= 2 ? Math.sqrt(evaluations) : 4);
        }
        int budget = evaluations / 2;
        while (budget > 0) {
            boolean moved = false;
            for (int i = 0; i < n && budget > 0; i++) {
                for (double dir : new double[] {1, -1}) {
                    double[] x = best.clone();
                    x[i] = Math.min(c.upper()[i], Math.max(c.lower()[i], x[i] + dir * step[i]));
                    double v = sign * ev.evaluate(x)[k];
                    budget--;
                    if (v < bestValue) {
                        bestValue = v;
                        best = x;
                        moved = true;
                    }
                }
            }
            if (!moved) {
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    step[i] /= 2;
                    any |= step[i] > 0 && best[i] + step[i] != best[i];
                }
                if (!any) {
                    break;
                }
            }
        }
        return best;
    }

    private static double at(FuzzCase c, int i, double t) {
        return Math.min(c.upper()[i], Math.max(c.lower()[i], c.lower()[i] * (1 - t) + c.upper()[i] * t));
    }
}
