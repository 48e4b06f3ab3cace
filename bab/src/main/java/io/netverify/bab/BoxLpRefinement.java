package io.netverify.bab;

import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.LpSolvers;
import io.netverify.bab.lp.PlanetLp;
import io.netverify.bounds.Interval;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Graph;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Planet LPs for the input boxes that bound propagation could not prove, with each open unsafe
 * region's rows minimised together ({@link PlanetLp#minimiseMax}). Near a point where two margins
 * of a conjunction cross and the true margin is tiny, CROWN needs a great many boxes, while the LP
 * over one small box, where few ReLUs are unstable, often proves it at about ten CROWN passes'
 * cost (ACAS Xu 4_2 prop_2, benchmarks/HISTORY.md).
 *
 * <p>The LP is a time share: by default it starts after {@value #WARM_UP_BOXES} boxes (easy
 * instances never pay for it) and then gets at most the bounding time spent so far times
 * {@value #SHARE} times the fraction of boxes it proved, spent on the boxes where splitting has
 * stalled ({@link Candidate#stalled}), closest to a proof first. {@link #everyBox} drops the share
 * and the stall test (LP plus branch and bound). Networks the LP does not encode disable it.
 */
final class BoxLpRefinement {
    static final int WARM_UP_BOXES = 1000;
    static final double SHARE = 2;
    static final int TRIALS = 20;
    static final double STALLED = 0.5;


    /**
     * A box to try: its intervals, open regions and their current bounds (raised in place), and the
     * bound of the box it was split from.
     */
    record Candidate(Interval box, Map<String, Interval> intermediate, int[] open, double[] regionBounds,
                     double parentBound) {
        double worst() {
            double w = Double.POSITIVE_INFINITY;
            for (double b : regionBounds) {
                w = Math.min(w, b);
            }
            return w;
        }

        /**
         * Whether splitting has stalled here: the last split closed less than {@value #STALLED} of the
         * gap left, so bound propagation would need several more levels of boxes, which cost more than
         * one LP; a box one more split would likely prove is left to bound propagation.
         */
        boolean stalled() {
            double b = worst();
            return b <= 0 && b - parentBound < STALLED * -b;
        }
    }

    private final Graph graph;
    private final List<UnsafeRegion> regions;
    private final int warmUpBoxes;
    private final double share;
    private final boolean stalledOnly;
    private final LpSolver solver = LpSolvers.best();
    private volatile boolean supported = true;
    private long boxes;
    private long boundingNanos;
    private long lpNanos;
    private final AtomicInteger tried = new AtomicInteger();
    private final AtomicInteger proved = new AtomicInteger();

    BoxLpRefinement(Graph graph, List<UnsafeRegion> regions) {
        this(graph, regions, WARM_UP_BOXES, SHARE);
    }

    BoxLpRefinement(Graph graph, List<UnsafeRegion> regions, int warmUpBoxes, double share) {
        this(graph, regions, warmUpBoxes, share, true);
    }

    private BoxLpRefinement(Graph graph, List<UnsafeRegion> regions, int warmUpBoxes, double share, boolean stalledOnly) {
        this.graph = graph;
        this.regions = regions;
        this.warmUpBoxes = warmUpBoxes;
        this.share = share;
        this.stalledOnly = stalledOnly;
    }

    /** An LP on every open box from the first one, without a time share (LP plus branch and bound). */
    static BoxLpRefinement everyBox(Graph graph, List<UnsafeRegion> regions) {
        return new BoxLpRefinement(graph, regions, 0, Double.POSITIVE_INFINITY, false);
    }

    /** Records a batch of {@code count} boxes bounded in {@code nanos} (wall clock). */
    void bounded(int count, long nanos) {
        boxes += count;
        boundingNanos += nanos;
    }

    /** Tries LPs on the unproved candidates, best bound first, within the time share and the deadline. */
    void refine(List<Candidate> candidates, long deadlineNanos) {
        double budget = currentShare() * boundingNanos - lpNanos;
        if (!supported || boxes < warmUpBoxes || budget <= 0) {
            return;
        }
        List<Candidate> order = candidates.stream().filter(c -> stalledOnly ? c.stalled() : c.worst() <= 0)
            .sorted(Comparator.comparingDouble(Candidate::worst).reversed()).toList();
        long start = System.nanoTime();
        long budgetEnd = budget >= deadlineNanos - start ? deadlineNanos : start + (long) budget;
        // every core takes the next box in order, each with its own LP engine, until the budget is spent
        AtomicInteger next = new AtomicInteger();
        IntStream.range(0, Runtime.getRuntime().availableProcessors()).parallel().forEach(w -> {
            for (int i = next.getAndIncrement(); i < order.size(); i = next.getAndIncrement()) {
                long now = System.nanoTime();
                if (!supported || now - budgetEnd >= 0 || now - deadlineNanos >= 0) {
                    return;
                }
                solve(order.get(i), budgetEnd);
            }
        });
        lpNanos += System.nanoTime() - start;
    }

    /**
     * The share of the bounding time the LP may use: the configured maximum times the fraction of
     * tried boxes it proved (a quarter until it has tried {@value #TRIALS}, at least an eighth).
     */
    private double currentShare() {
        int t = tried.get();
        double success = t < TRIALS ? 0.25 : Math.max(0.125, (double) proved.get() / t);
        return share * success;
    }

    /** The box's LPs, region by region, raising its bounds; counted as proved when every region is excluded. */
    private void solve(Candidate c, long deadlineNanos) {
        tried.incrementAndGet();
        if (proves(c, deadlineNanos)) {
            proved.incrementAndGet();
        }
    }

    private boolean proves(Candidate c, long deadlineNanos) {
        try (PlanetLp lp = PlanetLp.build(graph, c.box(), c.intermediate(), List.of(), solver.until(deadlineNanos))) {
            for (int i = 0; i < c.open().length; i++) {
                if (c.regionBounds()[i] > 0) {
                    continue;
                }
                RegionRows rows = RegionRows.of(regions, new int[] {c.open()[i]});
                if (rows.c().length == 0) {
                    return false;
                }
                double b = lp.minimiseMax(rows.c(), rows.offsets()).lowerBound();
                if (b > c.regionBounds()[i]) {
                    c.regionBounds()[i] = b;
                }
                if (!(b > 0)) {
                    return false; // the box stays open: the other regions' LPs would not change that
                }
            }
            return true;
        } catch (NoRelaxationException e) {
            supported = false;
            return false;
        }
    }
}
