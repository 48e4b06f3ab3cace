package io.netverify.verifier.attack;

import io.netverify.onnx.Evaluator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Falsification without gradients: the box centre, corners and uniform samples, then a local random
 * search (sign steps along random directions, step size adapted) from the best points found. Finds
 * counterexamples of properties that are easy to violate; proves nothing. Deterministic per seed.
 */
public final class SamplingAttack {
    private static final int FULL_CORNER_DIMS = 12;
    private static final int BATCH = 64;

    private final Evaluator evaluator;
    private final long seed;

    public SamplingAttack(Evaluator evaluator, long seed) {
        this.evaluator = evaluator;
        this.seed = seed;
    }

    /**
     * The outcome of a search: the input with the least margin evaluated (null when nothing was) and
     * that margin, a counterexample when it is <= 0; and the median of the finite margins evaluated
     * (infinite when none was), a scale for how far from violation the property typically is.
     */
    public record Result(double[] best, double margin, double typical) {
        public Optional<double[]> counterexample() {
            return margin <= 0 ? Optional.of(best) : Optional.empty();
        }
    }

    /**
     * Searches [lower, upper] until {@code deadlineNanos} (System.nanoTime) or {@code maxEvaluations},
     * or until an input with margin <= 0 is found.
     */
    public Result search(double[] lower, double[] upper, MarginFunction margin, long deadlineNanos,
                                     int maxEvaluations) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = lower.length;
        Search s = new Search(margin, deadlineNanos, maxEvaluations);
        List<double[]> first = new ArrayList<>();
        double[] centre = new double[n];
        for (int i = 0; i < n; i++) {
            centre[i] = lower[i] + (upper[i] - lower[i]) / 2;
        }
        first.add(centre);
        int corners = n <= FULL_CORNER_DIMS ? 1 << n : 2 * BATCH;
        for (int c = 0; c < corners; c++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                boolean up = n <= FULL_CORNER_DIMS ? (c >> i & 1) == 1 : rnd.nextBoolean();
                x[i] = up ? upper[i] : lower[i];
            }
            first.add(x);
        }
        if (s.evaluate(first)) {
            return s.result();
        }
        for (int round = 0; round < 8 && !s.exhausted(); round++) {
            List<double[]> batch = new ArrayList<>(BATCH);
            for (int b = 0; b < BATCH; b++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = lower[i] + rnd.nextDouble() * (upper[i] - lower[i]);
                }
                batch.add(x);
            }
            if (s.evaluate(batch)) {
                return s.result();
            }
        }
        localSearch(s, lower, upper, rnd);
        return s.result();
    }

    /** Sign steps along random directions from the best point, halving the step when nothing improves. */
    private void localSearch(Search s, double[] lower, double[] upper, SplittableRandom rnd) {
        int n = lower.length;
        double step = 0.25;
        while (!s.exhausted() && step > 1e-4) {
            double[] from = s.best.x;
            List<double[]> batch = new ArrayList<>(BATCH);
            for (int b = 0; b < BATCH; b++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    double dir = rnd.nextBoolean() ? 1 : -1;
                    x[i] = Math.min(upper[i], Math.max(lower[i], from[i] + dir * step * (upper[i] - lower[i])));
                }
                batch.add(x);
            }
            double before = s.best.margin;
            if (s.evaluate(batch)) {
                return;
            }
            if (s.best.margin >= before) {
                step /= 2;
            }
        }
    }

    private record Scored(double[] x, double margin) {
    }

    /** Evaluation bookkeeping: the best point so far and the budget. */
    private final class Search {
        final MarginFunction margin;
        final long deadline;
        final int maxEvaluations;
        int evaluations;
        Scored best = new Scored(null, Double.POSITIVE_INFINITY);
        double[] margins = new double[BATCH];
        int recorded;

        Search(MarginFunction margin, long deadline, int maxEvaluations) {
            this.margin = margin;
            this.deadline = deadline;
            this.maxEvaluations = maxEvaluations;
        }

        Result result() {
            double[] finite = Arrays.stream(margins, 0, recorded).filter(Double::isFinite).sorted().toArray();
            return new Result(best.x, best.margin, finite.length == 0 ? Double.POSITIVE_INFINITY : finite[finite.length / 2]);
        }

        boolean exhausted() {
            return evaluations >= maxEvaluations || System.nanoTime() >= deadline;
        }

        void record(Scored s) {
            if (recorded == margins.length) {
                margins = Arrays.copyOf(margins, 2 * recorded);
            }
            margins[recorded++] = s.margin;
        }

        /** Evaluates a batch; true when a counterexample was found (then it is {@link #best}). */
        boolean evaluate(List<double[]> xs) {
            for (int from = 0; from < xs.size() && !exhausted(); from += BATCH) {
                double[][] chunk = xs.subList(from, Math.min(xs.size(), from + BATCH)).toArray(double[][]::new);
                double[][] ys = evaluator.evaluateBatch(chunk);
                evaluations += chunk.length;
                Scored b = java.util.stream.IntStream.range(0, chunk.length)
                    .mapToObj(i -> new Scored(chunk[i], margin.value(chunk[i], ys[i])))
                    .peek(this::record)
                    .min(Comparator.comparingDouble(Scored::margin)).orElseThrow();
                if (b.margin < best.margin || best.x == null) {
                    best = new Scored(Arrays.copyOf(b.x, b.x.length), b.margin);
                }
                if (best.margin <= 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
