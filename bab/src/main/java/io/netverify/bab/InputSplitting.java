package io.netverify.bab;

import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.LpSolvers;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Branching on the input box, for networks with few inputs (ACAS Xu: 5). Each sub-box is bounded by
 * CROWN (with CROWN intermediate bounds) on the margins of the unsafe regions still open on it;
 * regions excluded on a box are dropped from its children.
 *
 * <p>A box is split at the midpoint of the input j with the largest {@code width_j^2 * sum_k |A_kj|}
 * over the open rows' linear bounds {@code A x + b}. The plain smear {@code width_j * sum_k |A_kj|}
 * (how much the bound varies along j) ignores that the relaxation error of an unstable neuron grows
 * with the square of its input range; on ACAS Xu the squared width needs several times fewer boxes
 * than either the smear or the widest input (benchmarks/HISTORY.md). For the same reason alpha-CROWN
 * does not pay per box there, and IBP intermediate bounds are far too loose.
 *
 * <p>Candidates: the box corners that minimise each open row's linear bound, and the centre; the
 * one whose exactly evaluated output is deepest in an open region is returned.
 */
public final class InputSplitting implements BranchingStrategy<InputDomain> {
    private final Graph graph;
    private final Evaluator evaluator;
    private final Interval box;
    private final List<UnsafeRegion> regions;
    private final LpSolver solver = LpSolvers.best();
    private final BoxLpRefinement lp;

    /**
     * @param box        the input box (it may over-approximate the input region: bounds stay sound)
     * @param regions    the unsafe output regions; the property holds on the box when every one is excluded
     * @param lpEveryBox the Planet LP on every box CROWN leaves open (LP plus branch and bound), instead
     *                   of a time share on the boxes where splitting has stalled
     */
    public InputSplitting(Graph graph, Interval box, List<UnsafeRegion> regions, boolean lpEveryBox) {
        this.graph = graph;
        this.evaluator = new Evaluator(graph);
        this.box = box;
        this.regions = List.copyOf(regions);
        this.lp = lpEveryBox ? BoxLpRefinement.everyBox(graph, this.regions) : new BoxLpRefinement(graph, this.regions);
    }

    /** With LPs on stalled boxes only. */
    public InputSplitting(Graph graph, Interval box, List<UnsafeRegion> regions) {
        this(graph, box, regions, false);
    }

    @Override
    public List<InputDomain> roots() {
        return List.of(new InputDomain(box, IntStream.range(0, regions.size()).toArray()));
    }

    @Override
    public List<BoundedDomain<InputDomain>> bound(List<InputDomain> batch, long deadlineNanos) {
        BoundPropagator p = BoundPropagator.of(graph).method(BoundMethod.CROWN).intermediate(BoundMethod.CROWN).deadline(deadlineNanos);
        long t0 = System.nanoTime();
        // the boxes with the same open regions share their rows: one batched computation per group
        Map<List<Integer>, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            groups.computeIfAbsent(Arrays.stream(batch.get(i).open()).boxed().toList(), k -> new ArrayList<>()).add(i);
        }
        Crowned[] crowned = new Crowned[batch.size()];
        for (List<Integer> members : groups.values()) {
            RegionRows rows = RegionRows.of(regions, batch.get(members.get(0)).open());
            List<Bounds> bounds = p.computeBatch(members.stream().map(i -> batch.get(i).box()).toList(), rows.c(), rows.offsets());
            for (int k = 0; k < members.size(); k++) {
                crowned[members.get(k)] = crowned(batch.get(members.get(k)), bounds.get(k), rows);
            }
        }
        lp.bounded(batch.size(), System.nanoTime() - t0);
        lp.refine(Arrays.stream(crowned).map(Crowned::candidate).toList(), deadlineNanos);
        return Arrays.stream(crowned).map(this::result).toList();
    }

    /** A box after CROWN: its bounds, and per open region a lower bound of its margin (LPs may raise it). */
    private record Crowned(InputDomain domain, Bounds bounds, RegionRows rows, BoxLpRefinement.Candidate candidate) {
    }

    private Crowned crowned(InputDomain d, Bounds b, RegionRows rows) {
        double[] regionBounds = new double[d.open().length];
        for (int i = 0; i < regionBounds.length; i++) {
            regionBounds[i] = rows.regionBound(b.lower(), b.linearLower(), b.inputCoefficients(), d.box(), i, solver);
        }
        return new Crowned(d, b, rows, new BoxLpRefinement.Candidate(d.box(), b.intermediate(), d.open(), regionBounds, d.parentBound()));
    }

    private BoundedDomain<InputDomain> result(Crowned c) {
        InputDomain d = c.domain();
        double[] regionBounds = c.candidate().regionBounds();
        int[] still = new int[d.open().length];
        List<Integer> openRows = new ArrayList<>();
        int kept = 0;
        double worst = Double.POSITIVE_INFINITY;
        double worstExcluded = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d.open().length; i++) {
            double r = regionBounds[i];
            if (r > 0) {
                worstExcluded = Math.min(worstExcluded, r);
            } else {
                still[kept++] = d.open()[i];
                worst = Math.min(worst, r);
                for (int k = c.rows().firstRow(i); k < c.rows().firstRow(i + 1); k++) {
                    openRows.add(k);
                }
            }
        }
        if (kept == 0) {
            return new BoundedDomain<>(new InputDomain(d.box(), new int[0], -1, d.parentBound()), worstExcluded, null);
        }
        int[] open = Arrays.copyOf(still, kept);
        double[] a = c.bounds().inputCoefficients();
        return new BoundedDomain<>(new InputDomain(d.box(), open, splitDimension(d.box(), a, openRows), d.parentBound()), worst,
            candidate(d.box(), a, openRows, open));
    }

    /**
     * The splittable input with the largest {@code width_j^2 * sum_k |A_kj|}; by width alone without
     * coefficients; -1 when no input can be split.
     */
    private static int splitDimension(Interval box, double[] a, List<Integer> openRows) {
        int n = box.size();
        double[] weight = new double[n];
        boolean any = false;
        for (int j = 0; a != null && j < n; j++) {
            for (int k : openRows) {
                weight[j] += Math.abs(a[k * n + j]);
            }
            any |= weight[j] > 0;
        }
        if (!any) {
            Arrays.fill(weight, 1);
        }
        int best = -1;
        double bestScore = -1;
        for (int j = 0; j < n; j++) {
            double lo = box.lower()[j];
            double hi = box.upper()[j];
            double mid = midpoint(lo, hi);
            double score = weight[j] * (hi - lo) * (hi - lo);
            if (mid > lo && mid < hi && score > bestScore) {
                best = j;
                bestScore = score;
            }
        }
        return best;
    }

    static double midpoint(double lo, double hi) {
        return lo + (hi - lo) / 2;
    }

    /** The corner minimising some open row's linear bound, or the centre, whose output has the least margin. */
    private double[] candidate(Interval box, double[] a, List<Integer> openRows, int[] open) {
        int n = box.size();
        List<double[]> points = new ArrayList<>();
        double[] centre = new double[n];
        for (int j = 0; j < n; j++) {
            centre[j] = midpoint(box.lower()[j], box.upper()[j]);
        }
        points.add(centre);
        if (a != null) {
            for (int k : openRows) {
                double[] x = new double[n];
                for (int j = 0; j < n; j++) {
                    x[j] = a[k * n + j] < 0 ? box.upper()[j] : box.lower()[j];
                }
                points.add(x);
            }
        }
        double[] best = null;
        double bestMargin = Double.POSITIVE_INFINITY;
        for (double[] x : points) {
            double[] y = evaluator.evaluate(x);
            double m = Double.POSITIVE_INFINITY;
            for (int r : open) {
                m = Math.min(m, regions.get(r).margin(y));
            }
            if (best == null || m < bestMargin) {
                best = x;
                bestMargin = m;
            }
        }
        return best;
    }

    @Override
    public List<InputDomain> branch(BoundedDomain<InputDomain> bounded) {
        InputDomain d = bounded.domain();
        int j = d.splitDimension();
        if (j < 0) {
            return List.of();
        }
        double[] lo = d.box().lower();
        double[] hi = d.box().upper();
        double mid = midpoint(lo[j], hi[j]);
        double[] lowerHalfUpper = hi.clone();
        lowerHalfUpper[j] = mid;
        double[] upperHalfLower = lo.clone();
        upperHalfLower[j] = mid;
        double bound = bounded.lowerBound();
        return List.of(new InputDomain(new Interval(lo, lowerHalfUpper), d.open(), -1, bound),
            new InputDomain(new Interval(upperHalfLower, hi), d.open(), -1, bound));
    }

    @Override
    public long bytes(InputDomain d) {
        // two bounds and a candidate of n doubles, the open indices, and the records around them
        return 3 * (16 + 8L * d.box().size()) + 16 + 4L * d.open().length + 128;
    }
}
