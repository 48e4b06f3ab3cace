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
 * search (sign steps along random directions, step size adapted) from the best points found; and
 * {@link #cornerSearch}, a block-flip search over the box's corners for networks whose gradients are
 * zero almost everywhere (binarised ones, with Sign or step activations). Finds counterexamples of
 * properties that are easy to violate; proves nothing. Deterministic per seed.
 */
public final class SamplingAttack {
    private static final int FULL_CORNER_DIMS = 12;
    private static final int BATCH = 64;
    /** The typical margin is the median of at most this many first margins (restarts may evaluate millions). */
    private static final int TYPICAL_OF = 1 << 16;

    private final Evaluator evaluator;
    private final long seed;

    public SamplingAttack(Evaluator evaluator, long seed) {
        this.evaluator = evaluator;
        this.seed = seed;
    }

    /**
     * The outcome of a search: the input with the least margin evaluated (null when nothing was) and
     * that margin, a counterexample when it is <= 0; and the median of the finite margins evaluated (of the
     * first 65,536; infinite when none was), a scale for how far from violation the property typically is.
     */
    public record Result(double[] best, double margin, double typical) {
        public Optional<double[]> counterexample() {
            return margin <= 0 ? Optional.of(best) : Optional.empty();
        }
    }

    /**
     * Searches [lower, upper] until {@code deadlineNanos} (System.nanoTime) or {@code maxEvaluations},
     * or until an input with margin <= 0 is found; one local search, from the best point sampled.
     */
    public Result search(double[] lower, double[] upper, MarginFunction margin, long deadlineNanos,
                                     int maxEvaluations) {
        return search(lower, upper, margin, deadlineNanos, maxEvaluations, false);
    }

    /**
     * {@link #search}, and with {@code restarts}, once the local search has converged without a
     * counterexample, further local searches from the best point of a fresh uniform batch each, until the
     * budget is spent: a counterexample in a small region that the first search's basin misses may lie in
     * another's (reach_prob_density's robot_0 needs a few hundred such searches).
     */
    public Result search(double[] lower, double[] upper, MarginFunction margin, long deadlineNanos,
                         int maxEvaluations, boolean restarts) {
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
            if (s.evaluate(uniform(lower, upper, rnd))) {
                return s.result();
            }
        }
        Scored from = s.best;
        while (from != null && !(from.margin <= 0) && !localSearch(s, from, lower, upper, rnd) && restarts) {
            from = s.bestOf(uniform(lower, upper, rnd));
        }
        return s.result();
    }

    /** A batch of uniform points of [lower, upper]. */
    private static List<double[]> uniform(double[] lower, double[] upper, SplittableRandom rnd) {
        List<double[]> batch = new ArrayList<>(BATCH);
        for (int b = 0; b < BATCH; b++) {
            double[] x = new double[lower.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = lower[i] + rnd.nextDouble() * (upper[i] - lower[i]);
            }
            batch.add(x);
        }
        return batch;
    }

    /**
     * Random-direction search over the corners of [lower, upper], for margins that are piecewise
     * constant (binarised networks: a perturbation acts only through the signs it flips, and the most
     * signs flip at the corners): from the best of a batch of random corners, each round evaluates a
     * batch of neighbours that move a random block of coordinates to their other end and moves to the
     * best one when it is no worse (ties are accepted, so the search walks across plateaus). The block
     * shrinks from a quarter of the coordinates to one while rounds bring no strict improvement, then
     * starts large again. Stops at a margin <= 0, {@code maxEvaluations} or {@code deadlineNanos}; a box
     * with an infinite side has no corners, so nothing is evaluated there.
     */
    public Result cornerSearch(double[] lower, double[] upper, MarginFunction margin, long deadlineNanos, int maxEvaluations) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = lower.length;
        Search s = new Search(margin, deadlineNanos, maxEvaluations);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(lower[i]) || !Double.isFinite(upper[i])) {
                return s.result();
            }
        }
        List<double[]> corners = new ArrayList<>(BATCH);
        for (int b = 0; b < BATCH; b++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextBoolean() ? upper[i] : lower[i];
            }
            corners.add(x);
        }
        Scored current = s.bestOf(corners);
        int largest = Math.max(1, n / 4);
        int block = largest;
        int stalled = 0;
        while (current != null && current.margin > 0 && !s.exhausted()) {
            List<double[]> batch = new ArrayList<>(BATCH);
            for (int b = 0; b < BATCH; b++) {
                double[] x = current.x.clone();
                for (int k = 0; k < block; k++) {
                    int i = rnd.nextInt(n);
                    x[i] = x[i] == upper[i] ? lower[i] : upper[i];
                }
                batch.add(x);
            }
            Scored next = s.bestOf(batch);
            if (next == null) {
                break;
            }
            stalled = next.margin < current.margin ? 0 : stalled + 1;
            if (next.margin <= current.margin) {
                current = next;
            }
            if (stalled >= 2) {
                block = block == 1 ? largest : block / 2;
                stalled = 0;
            }
        }
        return s.result();
    }

    /**
     * Sign steps along random directions from {@code from}, moving to a batch's best point when it improves and
     * halving the step when none does; true when a counterexample was found (it is then the search's best).
     */
    private boolean localSearch(Search s, Scored from, double[] lower, double[] upper, SplittableRandom rnd) {
        int n = lower.length;
        Scored current = from;
        double step = 0.25;
        while (!s.exhausted() && step > 1e-4) {
            List<double[]> batch = new ArrayList<>(BATCH);
            for (int b = 0; b < BATCH; b++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    double dir = rnd.nextBoolean() ? 1 : -1;
                    x[i] = Math.min(upper[i], Math.max(lower[i], current.x[i] + dir * step * (upper[i] - lower[i])));
                }
                batch.add(x);
            }
            Scored next = s.bestOf(batch);
            if (next == null) {
                return false;
            }
            if (next.margin <= 0) {
                return true;
            }
            if (next.margin < current.margin) {
                current = next;
            } else {
                step /= 2;
            }
        }
        return false;
    }

    private record Scored(double[] x, double margin) {
    }

    /** Evaluation bookkeeping: the best point so far and the budget. */
    private final class Search {
        final MarginFunction margin;
        final long deadline;
        final int maxEvaluations;
        /** A long: restarts without a cap may evaluate past int's range on cheap networks and long timeouts. */
        long evaluations;
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
            if (recorded == TYPICAL_OF) {
                return;
            }
            if (recorded == margins.length) {
                margins = Arrays.copyOf(margins, 2 * recorded);
            }
            margins[recorded++] = s.margin;
        }

        /** Evaluates a batch; true when a counterexample was found (then it is {@link #best}). */
        boolean evaluate(List<double[]> xs) {
            for (int from = 0; from < xs.size() && !exhausted(); from += BATCH) {
                bestOf(xs.subList(from, Math.min(xs.size(), from + BATCH)));
                if (best.margin <= 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Evaluates up to one batch of points (as many as the budget allows) and returns the best of them, or
         * null when the budget allowed none; {@link #best} is updated.
         */
        Scored bestOf(List<double[]> xs) {
            if (exhausted()) {
                return null;
            }
            double[][] chunk = xs.subList(0, (int) Math.min(xs.size(), Math.min(BATCH, maxEvaluations - evaluations)))
                .toArray(double[][]::new);
            double[][] ys = evaluator.evaluateBatch(chunk);
            evaluations += chunk.length;
            Scored b = java.util.stream.IntStream.range(0, chunk.length)
                .mapToObj(i -> new Scored(chunk[i], margin.value(chunk[i], ys[i])))
                .peek(this::record)
                .min(Comparator.comparingDouble(Scored::margin)).orElseThrow();
            if (b.margin < best.margin || best.x == null) {
                best = new Scored(Arrays.copyOf(b.x, b.x.length), b.margin);
            }
            return b;
        }
    }
}
