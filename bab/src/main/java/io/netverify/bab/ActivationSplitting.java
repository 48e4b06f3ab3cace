package io.netverify.bab;

import io.netverify.bab.lp.LpBound;
import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.LpSolvers;
import io.netverify.bab.lp.PlanetLp;
import io.netverify.bounds.BranchingCandidates;
import io.netverify.bounds.BranchingCandidates.Candidate;
import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;
import io.netverify.bounds.relax.ElementwiseRelaxation;
import io.netverify.bounds.relax.LeakyReluRelaxation;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.bounds.relax.ReluRelaxation;
import io.netverify.onnx.Graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Branching on neurons (beta-CROWN, and GenBaB for smooth activations): a domain is the input box
 * with split constraints on the inputs of element-wise nonlinearities; each is bounded by
 * {@link DomainBounder} (intermediate bounds of the root with the splits applied, alpha and split
 * multipliers optimised, warm-started from the parent). The neuron to split is chosen as in
 * filtered smart branching: the best few by the BaBSR-style score of {@link BranchingCandidates},
 * then the one whose two children have the best worse bound in one cheap pass each. Domains with
 * nothing left to split are decided by the exact LP (ReLU networks).
 */
public final class ActivationSplitting implements BranchingStrategy<ActivationDomain> {
    private final Graph graph;
    private final Interval box;
    private final List<UnsafeRegion> regions;
    private final RegionRows rows;
    private final DomainBounder bounder;
    private final Map<String, Interval> root;
    private final LpSolver solver = LpSolvers.best();
    /**
     * Defaults measured with ActivationBranchingBenchmark (benchmarks/README.md): on ReLU networks
     * (oval21, mnist_fc) a shortlist of 6 with 5 optimisation steps per domain reached the best
     * bounds in equal time; with smooth activations, whose tangent points alpha moves, that setting
     * proved fewer random sigmoid instances (ActivationSplittingTest) than 3 with 20 steps.
     */
    private static final int PIECEWISE_LINEAR_SHORTLIST = 6;
    private static final int PIECEWISE_LINEAR_ITERATIONS = 5;
    private static final int SMOOTH_SHORTLIST = 3;
    private static final int SMOOTH_ITERATIONS = 20;
    private int shortlist;

    /**
     * @param box          the input box (it may over-approximate the input region: bounds stay sound)
     * @param regions      the unsafe output regions; the property holds on the box when every one is excluded
     * @param intermediate sound intervals of every value over the box, which every domain starts from
     *                     (e.g. {@link io.netverify.bounds.Bounds#intermediate()} of alpha-CROWN on the box)
     */
    public ActivationSplitting(Graph graph, Interval box, List<UnsafeRegion> regions, Map<String, Interval> intermediate) {
        this.graph = graph;
        this.box = box;
        this.regions = List.copyOf(regions);
        this.rows = RegionRows.of(this.regions, IntStream.range(0, regions.size()).toArray());
        boolean pl = piecewiseLinear(graph);
        this.bounder = new DomainBounder(graph, rows.c(), rows.offsets())
            .iterations(pl ? PIECEWISE_LINEAR_ITERATIONS : SMOOTH_ITERATIONS, 0.1);
        this.shortlist = pl ? PIECEWISE_LINEAR_SHORTLIST : SMOOTH_SHORTLIST;
        this.root = Map.copyOf(intermediate);
    }

    /** Whether every element-wise nonlinearity of the graph is ReLU or LeakyReLU. */
    private static boolean piecewiseLinear(Graph graph) {
        return graph.nodes().stream()
            .map(n -> Relaxations.find(n.opType()).orElse(null))
            .filter(r -> r instanceof ElementwiseRelaxation)
            .allMatch(r -> r instanceof ReluRelaxation || r instanceof LeakyReluRelaxation);
    }

    /** How many top-scored neurons get their children estimated before one is chosen (1 = plain BaBSR; default: see above). */
    public ActivationSplitting shortlist(int k) {
        this.shortlist = Math.max(1, k);
        return this;
    }

    /** Optimisation steps per domain and learning rate (default 0.1); see {@link DomainBounder#iterations}. */
    public ActivationSplitting iterations(int iterations, double learningRate) {
        bounder.iterations(iterations, learningRate);
        return this;
    }

    @Override
    public List<ActivationDomain> roots() {
        return List.of(new ActivationDomain(List.of(), DomainBounder.State.initial(),
            IntStream.range(0, regions.size()).toArray(), null));
    }

    @Override
    public List<BoundedDomain<ActivationDomain>> bound(List<ActivationDomain> batch, long deadlineNanos) {
        return batch.parallelStream().map(d -> bound(d, deadlineNanos)).toList();
    }

    private BoundedDomain<ActivationDomain> bound(ActivationDomain d, long deadline) {
        DomainBounder.Result r = bounder.bound(box, root, d.splits(), d.state(), deadline);
        int[] still = new int[d.open().length];
        int kept = 0;
        double worst = Double.POSITIVE_INFINITY;
        double[] weights = new double[rows.c().length];
        int worstRow = -1;
        for (int region : d.open()) {
            double bound = rows.regionBound(r.lower(), r.linearLower(), r.inputCoefficients(), r.box(), region, solver);
            if (bound > 0) {
                continue;
            }
            still[kept++] = region;
            int bestRow = bestRow(r.lower(), region);
            // every row of a conjunction counts: the rows may exclude it only together
            Arrays.fill(weights, rows.firstRow(region), rows.firstRow(region + 1), 1);
            if (bound < worst || worstRow < 0) {
                worst = bound;
                worstRow = bestRow;
            }
        }
        int[] open = Arrays.copyOf(still, kept);
        if (kept == 0) {
            return new BoundedDomain<>(new ActivationDomain(d.splits(), r.state(), open, null), worst, null);
        }
        if (System.nanoTime() - deadline >= 0) {
            // bounding may have been cut short: no neuron choice or LP after the deadline
            return new BoundedDomain<>(new ActivationDomain(d.splits(), r.state(), open, null), worst, r.minimiser(worstRow));
        }
        Candidate next = choose(d, r, weights, open, deadline);
        if (next == null) {
            return leaf(d, r, open);
        }
        return new BoundedDomain<>(new ActivationDomain(d.splits(), r.state(), open, next), worst, r.minimiser(worstRow));
    }

    /**
     * A domain with nothing left to split: every unstable neuron is fixed, so the triangle LP over
     * the domain is exact (for ReLU networks) and decides it: its rigorous bound verifies, its input
     * point is a counterexample candidate. Networks the LP cannot encode stay undecided.
     */
    private BoundedDomain<ActivationDomain> leaf(ActivationDomain d, DomainBounder.Result r, int[] open) {
        double worst = Double.POSITIVE_INFINITY;
        double[] candidate = r.minimiser(0);
        try (PlanetLp lp = PlanetLp.build(graph, r.box(), r.intermediate(), d.splits(), solver)) {
            if (!lp.empty()) {
                for (int region : open) {
                    int from = rows.firstRow(region);
                    int to = rows.firstRow(region + 1);
                    LpBound b = lp.minimiseMax(Arrays.copyOfRange(rows.c(), from, to),
                        Arrays.copyOfRange(rows.offsets(), from, to));
                    double best = Double.isNaN(b.lowerBound()) ? Double.NEGATIVE_INFINITY : b.lowerBound();
                    if (!(best > 0) && best <= worst) {
                        worst = best;
                        candidate = b.input() != null ? b.input() : candidate;
                    }
                }
            }
        } catch (UnsupportedOperationException e) {
            worst = measure(r.lower(), open);
        }
        return new BoundedDomain<>(new ActivationDomain(d.splits(), r.state(), open, null), worst, candidate);
    }

    private int bestRow(double[] lower, int region) {
        int best = rows.firstRow(region);
        for (int k = best + 1; k < rows.firstRow(region + 1); k++) {
            if (lower[k] > lower[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The shortlisted neuron whose children's worse bound (one pass each, no optimisation) is best. */
    private Candidate choose(ActivationDomain d, DomainBounder.Result r, double[] weights, int[] open, long deadline) {
        List<Candidate> top = BranchingCandidates.top(graph, r, weights, shortlist);
        if (top.size() <= 1) {
            return top.isEmpty() ? null : top.get(0);
        }
        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        DomainBounder.State child = r.state().child(rows.c().length);
        for (Candidate c : top) {
            double score = Double.POSITIVE_INFINITY;
            for (Split s : List.of(c.below(), c.above())) {
                DomainBounder.Result estimate = bounder.bound(box, root, with(d.splits(), s), child, 0, deadline);
                score = Math.min(score, measure(estimate.lower(), open));
            }
            if (best == null || score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /** The least, over the open regions, of the region's best row bound. */
    private double measure(double[] lower, int[] open) {
        double worst = Double.POSITIVE_INFINITY;
        for (int region : open) {
            worst = Math.min(worst, rows.regionBound(lower, region));
        }
        return worst;
    }

    private static List<Split> with(List<Split> splits, Split s) {
        List<Split> out = new ArrayList<>(splits.size() + 1);
        out.addAll(splits);
        out.add(s);
        return out;
    }

    @Override
    public List<ActivationDomain> branch(BoundedDomain<ActivationDomain> bounded) {
        ActivationDomain d = bounded.domain();
        Candidate c = d.next();
        if (c == null) {
            return List.of();
        }
        DomainBounder.State child = d.state().child(rows.c().length);
        return List.of(new ActivationDomain(with(d.splits(), c.below()), child, d.open(), null),
            new ActivationDomain(with(d.splits(), c.above()), child, d.open(), null));
    }

    @Override
    public long bytes(ActivationDomain d) {
        return 8 * d.state().doubles() + 64L * d.splits().size() + 4L * d.open().length + 256;
    }
}
