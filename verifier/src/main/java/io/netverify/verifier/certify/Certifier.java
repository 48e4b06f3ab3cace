package io.netverify.verifier.certify;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.EnumWords;
import io.netverify.bounds.Interval;
import io.netverify.bounds.LocalLinearization;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.attack.PgdAttack;
import io.netverify.verifier.attack.StraightThrough;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Certifies a dataset: for each point and eps, whether the label stays the strict maximum on the
 * point's box ({@link RobustnessProperty}). Per eps, largest first: the clean prediction (a
 * misclassified point is not robust), IBP and CROWN on all open points in one batched computation
 * per label, alpha-CROWN on those still open, then PGD, or the complete verifier (attacks, branch and
 * bound) with {@link CertifyMethod#COMPLETE}, within the per-point timeout and the total budget. A
 * point certified at a larger eps is certified at smaller ones; a counterexample at a smaller eps is
 * one at larger ones. Every counterexample is re-checked by exact evaluation in float64 and with
 * float32 rounding, as {@link Verifier} does.
 */
public final class Certifier {
    /** What "decided" an unknown point when the total budget ran out in its round. */
    static final String BUDGET = "budget";
    private final Graph graph;
    private final CertifySettings settings;
    private final ResultCache cache;
    private final Consumer<String> progress;
    private final Evaluator exact;
    private final Evaluator float32;
    private final int classes;
    private long lastProgress;

    /**
     * @param cache    earlier outcomes to reuse and to which new ones are added (saved by the caller); may be null
     * @param progress receives progress lines (with an ETA)
     */
    public Certifier(Graph graph, CertifySettings settings, ResultCache cache, Consumer<String> progress) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("certification needs a network with one input and one output");
        }
        this.graph = graph;
        this.settings = settings;
        this.cache = cache;
        this.progress = progress;
        this.exact = new Evaluator(graph);
        this.float32 = new Evaluator(graph, Evaluator.Precision.FLOAT32);
        this.classes = graph.shape(graph.outputs().get(0)).size();
    }

    /** The number of values of the network's input. */
    public static int inputSize(Graph graph) {
        return graph.inputs().get(0).shape().size();
    }

    /** Certifies every point at every eps of the settings. Labels must be classes of the network. */
    public CertifyReport certify(Dataset data) {
        long start = System.nanoTime();
        long deadline = start + (long) Math.min(settings.budget() * 1e9, Long.MAX_VALUE / 4.0);
        int n = data.size();
        for (int i = 0; i < n; i++) {
            if (data.labels()[i] >= classes) {
                throw new DataException("point " + i + " has label " + data.labels()[i] + ", but the network has "
                    + classes + " outputs");
            }
        }
        double[][] model = Arrays.stream(data.points()).map(x -> RobustnessProperty.modelInput(x, settings))
            .toArray(double[][]::new);
        double[] eps = settings.eps();
        PointResult[][] cached = new PointResult[eps.length][n];
        int[] prediction = predictions(model, data, cached);
        Integer[] order = IntStream.range(0, eps.length).boxed().sorted(Comparator.comparingDouble(e -> -eps[e]))
            .toArray(Integer[]::new);
        PointResult[][] results = new PointResult[eps.length][];
        PointResult[] larger = null;
        for (int e : order) {
            results[e] = new Round(data, model, prediction, eps[e], cached[e], larger, deadline).run();
            larger = results[e];
        }
        carryCounterexamplesUp(order, results);
        List<PointResult> all = new ArrayList<>();
        List<EpsTotals> totals = new ArrayList<>();
        for (int e = 0; e < eps.length; e++) {
            List<PointResult> at = List.of(results[e]);
            all.addAll(at);
            totals.add(EpsTotals.of(eps[e], at));
            if (cache != null) {
                for (PointResult r : at) {
                    cache.put(data.points()[r.index()], r, settings);
                }
            }
        }
        return new CertifyReport(all, totals, seconds(start));
    }

    /**
     * Fills {@code cached} from the cache and returns the top class of every point: from the cache
     * where every eps of the point is cached (so an unchanged rerun evaluates nothing), else by exact
     * evaluation.
     */
    private int[] predictions(double[][] model, Dataset data, PointResult[][] cached) {
        int n = data.size();
        int[] p = new int[n];
        List<Integer> evaluate = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean all = cache != null;
            for (int e = 0; e < cached.length && cache != null; e++) {
                cached[e][i] = cache.get(i, data.points()[i], data.labels()[i], settings.eps()[e], settings);
                all &= cached[e][i] != null;
            }
            if (all) {
                p[i] = cached[0][i].prediction();
            } else {
                evaluate.add(i);
            }
        }
        double[][] y = exact.evaluateBatch(evaluate.stream().map(i -> model[i]).toArray(double[][]::new));
        for (int k = 0; k < y.length; k++) {
            p[evaluate.get(k)] = topClass(y[k], data.labels()[evaluate.get(k)]);
        }
        return p;
    }

    /** The top class; a tie at the label's score counts against the label. */
    private static int topClass(double[] y, int label) {
        int best = label;
        for (int j = 0; j < y.length; j++) {
            if (j != label && (y[j] > y[best] || (best == label && !(y[j] < y[best])))) {
                best = j;
            }
        }
        return best;
    }

    /** A counterexample at a smaller eps lies in the larger box too: it decides what is open there. */
    private void carryCounterexamplesUp(Integer[] descending, PointResult[][] results) {
        for (int k = descending.length - 1; k > 0; k--) {
            PointResult[] small = results[descending[k]];
            PointResult[] large = results[descending[k - 1]];
            for (int i = 0; i < small.length; i++) {
                if (small[i].verdict() == PointVerdict.FALSIFIED && large[i].verdict() == PointVerdict.UNKNOWN) {
                    PointResult s = small[i];
                    large[i] = new PointResult(i, s.label(), s.prediction(), large[i].eps(), PointVerdict.FALSIFIED,
                        large[i].marginLower(), s.decidedBy(), large[i].seconds(), s.counterexample(), false);
                }
            }
        }
    }

    /** One eps: every point's outcome. */
    private final class Round {
        private final Dataset data;
        private final double[][] model;
        private final int[] prediction;
        private final double eps;
        private final PointResult[] cached;
        private final PointResult[] larger;
        private final long deadline;
        private final PointResult[] out;
        private final RobustnessProperty[] property;
        private final double[] margin;
        private final String[] tried;
        private final double[] seconds;

        Round(Dataset data, double[][] model, int[] prediction, double eps, PointResult[] cached, PointResult[] larger,
              long deadline) {
            this.data = data;
            this.cached = cached;
            this.model = model;
            this.prediction = prediction;
            this.eps = eps;
            this.larger = larger;
            this.deadline = deadline;
            int n = data.size();
            this.out = new PointResult[n];
            this.property = new RobustnessProperty[n];
            this.margin = new double[n];
            this.tried = new String[n];
            this.seconds = new double[n];
            Arrays.fill(margin, Double.NaN);
        }

        PointResult[] run() {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                int label = data.labels()[i];
                PointResult hit = cached[i];
                property[i] = RobustnessProperty.of(data.points()[i], label, classes, eps, settings);
                if (hit != null && (hit.verdict() != PointVerdict.FALSIFIED || confirmed(i, hit.counterexample()))) {
                    out[i] = hit;
                } else if (prediction[i] != label) {
                    boolean inBox = confirmed(i, model[i]);
                    out[i] = result(i, inBox ? PointVerdict.FALSIFIED : PointVerdict.UNKNOWN, "clean", inBox ? model[i] : null);
                } else if (larger != null && larger[i].verdict() == PointVerdict.CERTIFIED) {
                    margin[i] = larger[i].marginLower();
                    out[i] = result(i, PointVerdict.CERTIFIED, larger[i].decidedBy(), null);
                } else {
                    open.add(i);
                }
            }
            report("clean", open.size(), 0, 0, 0);
            BoundMethod last = settings.method() == CertifyMethod.IBP ? BoundMethod.IBP
                : settings.method() == CertifyMethod.ALPHA_CROWN ? BoundMethod.ALPHA_CROWN : BoundMethod.CROWN;
            for (BoundMethod m : BoundMethod.values()) {
                if (m.ordinal() <= last.ordinal() && !open.isEmpty() && System.nanoTime() - deadline < 0) {
                    open = bound(m, open);
                }
            }
            if (settings.method() == CertifyMethod.COMPLETE) {
                complete(open);
            } else {
                attack(open);
            }
            // a point left open while the budget ran out might have been decided with more: say so (and do not cache it)
            boolean outOfBudget = System.nanoTime() - deadline >= 0;
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    out[i] = result(i, PointVerdict.UNKNOWN, outOfBudget || tried[i] == null ? BUDGET : tried[i], null);
                }
            }
            return out;
        }

        /** One bound method on the open points, batched per label; returns the points still open. */
        private List<Integer> bound(BoundMethod m, List<Integer> open) {
            String word = EnumWords.word(m);
            long start = System.nanoTime();
            Map<Integer, List<Integer>> byLabel = open.stream()
                .collect(Collectors.groupingBy(i -> data.labels()[i], TreeMap::new, Collectors.toList()));
            List<Integer> still = new ArrayList<>();
            int chunk = m == BoundMethod.ALPHA_CROWN ? Runtime.getRuntime().availableProcessors() : Integer.MAX_VALUE;
            for (Map.Entry<Integer, List<Integer>> g : byLabel.entrySet()) {
                double[][] c = RobustnessProperty.marginRows(g.getKey(), classes);
                List<Integer> points = g.getValue();
                for (int from = 0; from < points.size(); from += chunk) {
                    if (System.nanoTime() - deadline >= 0) {
                        still.addAll(points.subList(from, points.size()));
                        break;
                    }
                    List<Integer> part = points.subList(from, Math.min(points.size(), from + chunk));
                    long partStart = System.nanoTime();
                    long until = m == BoundMethod.ALPHA_CROWN
                        ? Math.min(deadline, partStart + (long) (settings.timeoutPerPoint() * 1e9)) : deadline;
                    List<Bounds> b;
                    try {
                        b = BoundPropagator.of(graph).method(m).deadline(until).computeBatch(part.stream()
                            .map(i -> new Interval(property[i].box().lower(), property[i].box().upper())).toList(),
                            c, new double[c.length]);
                    } catch (NoRelaxationException e) {
                        part.forEach(i -> tried[i] = "bounds unsupported: " + e.getMessage());
                        still.addAll(part);
                        continue;
                    }
                    double share = (System.nanoTime() - partStart) / 1e9 / part.size();
                    for (int k = 0; k < part.size(); k++) {
                        int i = part.get(k);
                        seconds[i] += share;
                        tried[i] = word;
                        if (b.get(k).method() != m) {
                            still.add(i); // cut short by the deadline: IBP's bounds only, already known
                            continue;
                        }
                        double lower = Arrays.stream(b.get(k).lower()).min().orElse(Double.POSITIVE_INFINITY);
                        margin[i] = Double.isNaN(margin[i]) ? lower : Math.max(margin[i], lower);
                        if (lower > 0) {
                            out[i] = result(i, PointVerdict.CERTIFIED, word, null);
                        } else {
                            still.add(i);
                        }
                    }
                }
            }
            report(word, still.size(), open.size() - still.size(), start, 0);
            still.sort(null);
            return still;
        }

        /**
         * PGD from the point itself on every open point, in parallel; on networks with step activations (Sign)
         * it follows straight-through gradients, made for each point's box ({@link StraightThrough}).
         */
        private void attack(List<Integer> open) {
            if (settings.attackSteps() == 0 || open.isEmpty()) {
                return;
            }
            ThreadLocal<PgdAttack> pgd;
            try {
                LocalLinearization.of(graph);
                pgd = ThreadLocal.withInitial(() -> new PgdAttack(exact, LocalLinearization.of(graph), settings.seed()));
            } catch (NoRelaxationException e) {
                return; // no gradients through some operator: no attack
            }
            boolean steps = StraightThrough.applies(graph);
            long start = System.nanoTime();
            int[] done = new int[1];
            open.parallelStream().forEach(i -> {
                long t = System.nanoTime();
                long until = Math.min(deadline, t + (long) (settings.timeoutPerPoint() * 1e9));
                Specification spec = property[i].specification();
                PgdAttack attack = steps ? straightThrough(spec.cases().get(0)).orElse(pgd.get()) : pgd.get();
                double[] x = attack.search(spec.cases().get(0), List.of(model[i]), until, settings.attackSteps())
                    .filter(cex -> confirmed(i, cex)).orElse(null);
                seconds[i] += (System.nanoTime() - t) / 1e9;
                if (x != null) {
                    out[i] = result(i, PointVerdict.FALSIFIED, "pgd", x);
                }
                synchronized (done) {
                    report("pgd", open.size() - ++done[0], done[0], start, open.size());
                }
            });
        }

        /** PGD on straight-through gradients over the case's box, or empty where some operator has no relaxation. */
        private Optional<PgdAttack> straightThrough(SpecCase sc) {
            try {
                return StraightThrough.surrogate(graph, new Interval(sc.box().lower(), sc.box().upper()))
                    .map(g -> new PgdAttack(exact, LocalLinearization.of(g), settings.seed()));
            } catch (NoRelaxationException e) {
                return Optional.empty();
            }
        }

        /** The complete verifier on every open point, one after the other (it uses the cores itself). */
        private void complete(List<Integer> open) {
            long start = System.nanoTime();
            int done = 0;
            for (int i : open) {
                double left = (deadline - System.nanoTime()) / 1e9;
                if (left <= 0) {
                    break;
                }
                long t = System.nanoTime();
                tried[i] = "complete";
                try {
                    VerificationResult r = Verifier.verify(graph, property[i].specification(),
                        new VerifierOptions(Math.min(left, settings.timeoutPerPoint()), settings.seed(), line -> { }));
                    seconds[i] += (System.nanoTime() - t) / 1e9;
                    switch (r.verdict()) {
                        case UNSAT -> out[i] = result(i, PointVerdict.CERTIFIED, "complete", null);
                        case SAT -> out[i] = confirmed(i, r.input())
                            ? result(i, PointVerdict.FALSIFIED, "complete", r.input()) : null;
                        default -> tried[i] = "complete (" + r.verdict().word() + ")";
                    }
                } catch (RuntimeException e) {
                    seconds[i] += (System.nanoTime() - t) / 1e9;
                    out[i] = result(i, PointVerdict.ERROR, "complete: " + e, null);
                }
                report("complete", open.size() - ++done, done, start, open.size());
            }
        }

        private boolean confirmed(int i, double[] x) {
            if (x == null || x.length != model[i].length) {
                return false;
            }
            Specification spec = property[i].specification();
            return spec.isViolatedBy(x, exact.evaluate(x)) && spec.isViolatedBy(x, float32.evaluate(x));
        }

        private PointResult result(int i, PointVerdict v, String decidedBy, double[] counterexample) {
            return new PointResult(i, data.labels()[i], prediction[i], eps, v, margin[i], decidedBy, seconds[i],
                counterexample == null ? null : counterexample.clone(), false);
        }

        /** A progress line at most every second; with an ETA when the stage's total is known. */
        private void report(String stage, int open, int done, long stageStart, int stageTotal) {
            long now = System.nanoTime();
            if (stageTotal > 0 && done < stageTotal && now - lastProgress < 1_000_000_000L) {
                return;
            }
            lastProgress = now;
            String eta = "";
            if (stageTotal > 0 && done > 0) {
                double perPoint = (now - stageStart) / 1e9 / done;
                eta = String.format(", ETA %.0f s", perPoint * (stageTotal - done));
            }
            progress.accept(String.format("certify eps=%s: %s, %d open%s", eps, stage, open, eta));
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
