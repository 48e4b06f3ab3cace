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
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.bounds.relax.Relaxations;
import io.netverify.onnx.Graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Branching on neurons (beta-CROWN, and GenBaB for smooth activations): a domain is the input box
 * with split constraints on the inputs of element-wise nonlinearities; each is bounded by
 * {@link DomainBounder} (intermediate bounds of the root with the splits applied, alpha and split
 * multipliers optimised, warm-started from the parent). Where a split gained little, the domain's
 * intermediate bounds are refined by CROWN over it (optionally also by LP on a few neurons) and
 * passed on to its sub-domains, as beta-CROWN recomputes them per domain. The neuron to split is chosen as in
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
    private LpSolver solver = LpSolvers.best();
    /**
     * Defaults measured with ActivationBranchingBenchmark (benchmarks/HISTORY.md): on ReLU networks
     * (oval21, mnist_fc) a shortlist of 6 reached the best bounds in equal time; 3 optimisation
     * steps per domain (each a forward evaluation and a pass) reached better margins than 5 on
     * oval21 and the same on mnist_fc. With smooth activations, whose tangent points alpha moves,
     * that setting proved fewer random sigmoid instances (ActivationSplittingTest) than 3 with 20 steps.
     */
    private static final int PIECEWISE_LINEAR_SHORTLIST = 6;
    private static final int PIECEWISE_LINEAR_ITERATIONS = 3;
    private static final int SMOOTH_SHORTLIST = 3;
    private static final int SMOOTH_ITERATIONS = 20;
    /** See {@link #stalled}; the same rule as {@link BoxLpRefinement.Candidate#stalled}. */
    private static final double STALLED = BoxLpRefinement.STALLED;
    private int shortlist;
    private int lpNeurons;
    private boolean crownRefinement;
    /**
     * Refinement (and the bounding after it) may take at most this multiple of the time the first
     * bounding of every domain took: on networks where a refinement costs many domains' bounding
     * (large convolutional layers) it cannot starve the search. On oval21 it used all of a share of 1
     * and saved 2-7% of the domains for 25-50% of the time; mnist_fc used 0.3-0.4 of it
     * (benchmarks/HISTORY.md).
     */
    private static final double REFINING_SHARE = 0.5;
    private double refiningShare = REFINING_SHARE;
    private final LongAdder boundingNanos = new LongAdder();
    private final LongAdder refiningNanos = new LongAdder();
    private final LongAdder choosingNanos = new LongAdder();
    private final LongAdder leafNanos = new LongAdder();
    private final LongAdder domains = new LongAdder();
    private final LongAdder openRegions = new LongAdder();
    private final LongAdder closedByEstimate = new LongAdder();
    private final LongAdder provedByBounding = new LongAdder();
    /** Neurons chosen to split, by the value they are on (which layers the search splits). */
    private final Map<String, LongAdder> splitsByValue = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final LongAdder refinedDomains = new LongAdder();
    private final LongAdder closedByRefinement = new LongAdder();
    private final LongAdder refinedGain = new LongAdder();
    private volatile boolean lpSupported = true;
    /** The graph's input and node outputs in topological order: LPs tighten earlier values first. */
    private final List<String> valueOrder;

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
        this.crownRefinement = pl;
        this.root = Map.copyOf(intermediate);
        this.valueOrder = graph.computedValues();
    }

    /** Whether every element-wise nonlinearity of the graph is {@link ElementwiseRelaxation#piecewiseLinear piecewise linear}. */
    private static boolean piecewiseLinear(Graph graph) {
        return graph.nodes().stream()
            .map(n -> Relaxations.find(n.opType()).orElse(null))
            .filter(r -> r instanceof ElementwiseRelaxation)
            .allMatch(r -> ((ElementwiseRelaxation) r).piecewiseLinear());
    }

    /** How many top-scored neurons get their children estimated before one is chosen (1 = plain BaBSR; default: see above). */
    public ActivationSplitting shortlist(int k) {
        this.shortlist = Math.max(1, k);
        return this;
    }

    /**
     * Planet LP tightening in stalled domains (see {@link #stalled}): the intervals of the
     * {@code neurons} best-scored unstable neurons are tightened to their LP minimum and maximum over
     * the domain, kept for its sub-domains, and the domain is bounded again. 0 (the default) turns it off.
     */
    public ActivationSplitting lpTightening(int neurons) {
        this.lpNeurons = Math.max(0, neurons);
        return this;
    }

    /** The LP engine of LP tightening and of leaves (default {@link LpSolvers#best()}). */
    public ActivationSplitting lpSolver(LpSolver engine) {
        this.solver = engine;
        return this;
    }

    /**
     * CROWN refinement of the intermediate bounds of stalled domains ({@link DomainBounder#refine}),
     * kept for their sub-domains, before the domain is bounded again, within a time share (see
     * {@link #REFINING_SHARE}). On by default for ReLU networks, where it pays (benchmarks/HISTORY.md);
     * off for smooth activations, where it proved fewer random sigmoid instances (ActivationSplittingTest).
     */
    public ActivationSplitting crownRefinement(boolean on) {
        this.crownRefinement = on;
        return this;
    }

    /**
     * The most time refinement (with its second bounding) may take, as a multiple of the first
     * bounding's time (default {@value #REFINING_SHARE}; 0 refines nothing).
     */
    public ActivationSplitting refiningShare(double share) {
        this.refiningShare = Math.max(0, share);
        return this;
    }

    /**
     * Whether a domain's optimisation stops once it excludes every open region's rows (default on;
     * see {@link DomainBounder#stopWhenProved}).
     */
    public ActivationSplitting stopWhenProved(boolean on) {
        bounder.stopWhenProved(on);
        return this;
    }

    /** Optimisation steps per domain and learning rate (default 0.1); see {@link DomainBounder#iterations}. */
    public ActivationSplitting iterations(int iterations, double learningRate) {
        bounder.iterations(iterations, learningRate);
        return this;
    }

    @Override
    public List<ActivationDomain> roots() {
        return List.of(ActivationDomain.root(IntStream.range(0, regions.size()).toArray()));
    }

    /**
     * Bounds the batch in three batched phases: all domains together ({@link DomainBounder}, one
     * stacked pass per optimisation step), the stalled ones refined and bounded again together, and
     * the shortlisted neurons' children of every open domain estimated together (one stacked pass).
     */
    @Override
    public List<BoundedDomain<ActivationDomain>> bound(List<ActivationDomain> batch, long deadline) {
        if (batch.stream().anyMatch(d -> d.open().length == 0)) {
            // children whose every region their parent's estimate of them excluded: verified, no bounding
            List<ActivationDomain> rest = batch.stream().filter(d -> d.open().length > 0).toList();
            closedByEstimate.add(batch.size() - rest.size());
            Iterator<BoundedDomain<ActivationDomain>> it =
                (rest.isEmpty() ? List.<BoundedDomain<ActivationDomain>>of() : bound(rest, deadline)).iterator();
            return batch.stream().map(d -> d.open().length > 0 ? it.next() : new BoundedDomain<>(d, Double.POSITIVE_INFINITY, null))
                .toList();
        }
        long start = System.nanoTime();
        List<DomainBounder.Result> first = bounder.bound(box, root,
            batch.stream().map(d -> new DomainBounder.Request(d.splits(), d.tightened(), on(d.state(), d.open()))).toList(), deadline);
        boundingNanos.add(System.nanoTime() - start);
        List<Bounded> bounded = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            bounded.add(new Bounded(first.get(i), verdicts(first.get(i), batch.get(i).open()), batch.get(i).tightened()));
            provedByBounding.add(bounded.get(i).v().open().length == 0 ? 1 : 0);
        }
        if (crownRefinement || lpNeurons > 0) {
            refine(batch, bounded, deadline);
        }
        long chosen = System.nanoTime();
        Choices choices = choose(batch, bounded, deadline);
        Candidate[] next = choices.next();
        choosingNanos.add(System.nanoTime() - chosen);
        Arrays.stream(next).filter(c -> c != null).forEach(c -> splitsByValue.computeIfAbsent(c.value(), k -> new LongAdder()).increment());
        domains.add(batch.size());
        batch.forEach(d -> openRegions.add(d.open().length));
        return IntStream.range(0, batch.size()).parallel().mapToObj(i -> {
            ActivationDomain d = batch.get(i);
            Bounded b = bounded.get(i);
            DomainBounder.Result r = b.r();
            Verdicts v = b.v();
            int[] open = v.open();
            if (open.length == 0) {
                return new BoundedDomain<>(d.bounded(r.state(), open, null, b.tightened(), null), v.worst(), null);
            }
            if (System.nanoTime() - deadline >= 0) {
                // bounding may have been cut short: no neuron choice or LP after the deadline
                return new BoundedDomain<>(d.bounded(r.state(), open, null, b.tightened(), null), v.worst(), r.minimiser(v.worstRow()));
            }
            if (next[i] == null) {
                long t = System.nanoTime();
                BoundedDomain<ActivationDomain> out = leaf(d, r, open, b.tightened(), deadline);
                leafNanos.add(System.nanoTime() - t);
                return out;
            }
            return new BoundedDomain<>(d.bounded(r.state(), open, next[i], b.tightened(), choices.childOpen()[i]), v.worst(),
                r.minimiser(v.worstRow()));
        }).toList();
    }

    /**
     * Where the search's time went so far: domains bounded, and seconds in each phase of
     * {@link #bound} (first bounding, refinement with its second bounding, neuron choice, leaf LPs;
     * leaf LPs run in parallel, so theirs is a sum over threads), the domains their first bounding
     * proved, the domains refined, closed by their refinement, and improved by it, and the neurons
     * chosen to split per value.
     */
    public String phases() {
        return String.format(java.util.Locale.ROOT, "%d domains bounded (%.2f open regions each, %d proved by their first "
                + "bounding), %d closed by their parent's estimate; %d refined (%d closed, %d improved); bounding %.1f s, "
                + "refining %.1f s, choosing %.1f s, leaves %.1f s; splits chosen by value %s",
            domains.sum(), openRegions.sum() / Math.max(1.0, domains.sum()), provedByBounding.sum(), closedByEstimate.sum(),
            refinedDomains.sum(),
            closedByRefinement.sum(), refinedGain.sum(), boundingNanos.sum() / 1e9,
            refiningNanos.sum() / 1e9, choosingNanos.sum() / 1e9, leafNanos.sum() / 1e9, splitsByValue);
    }

    /** A domain's bounds, their verdicts, and the intervals it tightened (its sub-domains inherit them). */
    private record Bounded(DomainBounder.Result r, Verdicts v, Map<String, Interval> tightened) {
    }

    /**
     * Replaces each stalled domain's entry by the domain with its intermediate bounds refined (CROWN,
     * then LP when enabled; domains in parallel) and bounded again (together), within the refining
     * time share. The sub-domains inherit the tighter intervals; a domain keeps the better of its two
     * bounds (tighter intervals may change CROWN's slopes for the worse).
     */
    private void refine(List<ActivationDomain> batch, List<Bounded> bounded, long deadline) {
        long start = System.nanoTime();
        int[] stalled = IntStream.range(0, batch.size())
            .filter(i -> bounded.get(i).v().open().length > 0 && stalled(bounded.get(i).v().worst(), batch.get(i).parentBound()))
            .toArray();
        boolean shareSpent = refiningShare == 0 || refiningNanos.sum() > refiningShare * boundingNanos.sum();
        if (stalled.length == 0 || shareSpent || System.nanoTime() - deadline >= 0) {
            return;
        }
        try {
            List<Map<String, Interval>> refined = Arrays.stream(stalled).parallel()
                .mapToObj(i -> refinedIntervals(batch.get(i), bounded.get(i), deadline)).toList();
            List<Integer> again = new ArrayList<>();
            for (int k = 0; k < stalled.length; k++) {
                int i = stalled[k];
                Bounded b = bounded.get(i);
                Map<String, Interval> t = refined.get(k);
                if (t.values().stream().anyMatch(ActivationSplitting::empty)) {
                    // the refined bounds show the domain holds no point
                    bounded.set(i, new Bounded(b.r(), new Verdicts(new int[0], Double.POSITIVE_INFINITY, -1, b.v().weights()), t));
                } else if (t != b.tightened()) {
                    bounded.set(i, new Bounded(b.r(), b.v(), t));
                    again.add(i);
                }
            }
            List<DomainBounder.Result> results = bounder.bound(box, root, again.stream().map(i -> new DomainBounder.Request(
                batch.get(i).splits(), bounded.get(i).tightened(), on(bounded.get(i).r().state(), bounded.get(i).v().open()))).toList(),
                deadline);
            for (int k = 0; k < again.size(); k++) {
                Bounded b = bounded.get(again.get(k));
                Verdicts w = verdicts(results.get(k), b.v().open());
                refinedDomains.increment();
                closedByRefinement.add(w.open().length == 0 ? 1 : 0);
                refinedGain.add(w.worst() > b.v().worst() ? 1 : 0);
                if (w.worst() >= b.v().worst()) {
                    bounded.set(again.get(k), new Bounded(results.get(k), w, b.tightened()));
                }
            }
        } finally {
            refiningNanos.add(System.nanoTime() - start);
        }
    }

    /** A stalled domain's intervals refined by CROWN, then by LP when enabled; its own when nothing changed. */
    private Map<String, Interval> refinedIntervals(ActivationDomain d, Bounded b, long deadline) {
        Map<String, Interval> t = crownRefinement ? bounder.refine(box, root, b.tightened(), d.splits(), deadline) : b.tightened();
        if (lpNeurons > 0 && lpSupported) {
            t = tighten(d.splits(), b.r(), t, b.v().weights(), deadline);
        }
        return t;
    }

    /**
     * The regions a bounded domain leaves open, the least of their bounds, the row behind it, and the
     * weights of the rows for branching: every row of an open region counts, since the rows of a
     * conjunction may exclude it only together.
     */
    private record Verdicts(int[] open, double worst, int worstRow, double[] weights) {
    }

    private Verdicts verdicts(DomainBounder.Result r, int[] candidates) {
        int[] still = new int[candidates.length];
        int kept = 0;
        double worst = Double.POSITIVE_INFINITY;
        double[] weights = new double[rows.c().length];
        int worstRow = -1;
        for (int region : candidates) {
            double bound = rows.regionBound(r.lower(), r.linearLower(), r.inputCoefficients(), r.box(), region, solver);
            if (bound > 0) {
                continue;
            }
            still[kept++] = region;
            Arrays.fill(weights, rows.firstRow(region), rows.firstRow(region + 1), 1);
            if (bound < worst || worstRow < 0) {
                worst = bound;
                worstRow = bestRow(r.lower(), region);
            }
        }
        return new Verdicts(Arrays.copyOf(still, kept), worst, worstRow, weights);
    }

    private static boolean empty(Interval iv) {
        for (int i = 0; i < iv.size(); i++) {
            if (iv.lower()[i] > iv.upper()[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the split that made this domain closed less than {@value #STALLED} of the gap its
     * parent left: splitting alone is making slow progress here, so tighter intervals may pay.
     */
    private static boolean stalled(double bound, double parentBound) {
        return bound <= 0 && bound - parentBound < STALLED * -bound;
    }

    /**
     * {@code tightened} with the domain's {@link #lpNeurons} best-scored unstable neurons tightened to
     * their Planet LP minimum and maximum over the domain (earlier values first, each LP over the
     * intervals tightened before it); the same map when nothing got tighter, the LP cannot encode the
     * network, or the deadline passes.
     */
    private Map<String, Interval> tighten(List<Split> splits, DomainBounder.Result r, Map<String, Interval> tightened,
                                          double[] weights, long deadline) {
        Map<String, List<Integer>> chosen = new HashMap<>();
        for (Candidate c : BranchingCandidates.top(graph, r, weights, lpNeurons)) {
            chosen.computeIfAbsent(c.value(), k -> new ArrayList<>()).add(c.index());
        }
        Map<String, Interval> current = new HashMap<>(r.intermediate());
        tightened.forEach((value, iv) -> current.put(value, current.get(value).intersect(iv)));
        Map<String, Interval> out = new HashMap<>(tightened);
        boolean changed = false;
        try (PlanetLp lp = PlanetLp.build(graph, r.box(), current, splits, solver.until(deadline))) {
            for (String value : valueOrder) {
                List<Integer> indices = chosen.get(value);
                if (indices == null) {
                    continue;
                }
                if (changed) {
                    lp.moveTo(r.box(), current, splits);
                }
                if (lp.empty() || System.nanoTime() - deadline >= 0) {
                    break;
                }
                Interval before = current.get(value);
                Interval after = lp.tighten(value, before, indices.stream().mapToInt(Integer::intValue).toArray());
                if (!Arrays.equals(before.lower(), after.lower()) || !Arrays.equals(before.upper(), after.upper())) {
                    current.put(value, after);
                    out.put(value, after);
                    changed = true;
                }
            }
        } catch (NoRelaxationException e) {
            lpSupported = false;
        }
        return changed ? Map.copyOf(out) : tightened;
    }

    /**
     * A domain with nothing left to split: every unstable neuron is fixed, so the triangle LP over
     * the domain is exact (for ReLU, LeakyRelu and Abs networks) and decides it: its rigorous bound verifies, its input
     * point is a counterexample candidate. Networks the LP cannot encode stay undecided.
     */
    private BoundedDomain<ActivationDomain> leaf(ActivationDomain d, DomainBounder.Result r, int[] open,
                                                 Map<String, Interval> tightened, long deadline) {
        double worst = Double.POSITIVE_INFINITY;
        double[] candidate = r.minimiser(0);
        try (PlanetLp lp = PlanetLp.build(graph, r.box(), r.intermediate(), d.splits(), solver.until(deadline))) {
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
        } catch (NoRelaxationException e) {
            worst = measure(r.lower(), open);
        }
        return new BoundedDomain<>(d.bounded(r.state(), open, null, tightened, null), worst, candidate);
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

    /**
     * Per domain the neuron to split next and the regions its two children leave open (null: all
     * the domain's open ones).
     */
    private record Choices(Candidate[] next, int[][][] childOpen) {
    }

    /**
     * For each open domain, the shortlisted neuron whose children's worse bound (one pass each, no
     * optimisation; the children of all domains in one batch) is best; null for a domain with no
     * neuron left to split or none to choose (closed, or past the deadline). The chosen neuron's
     * children estimates are sound bounds of the children (the domain's intervals, any parameters):
     * the regions they exclude stay excluded on the children, which are bounded without them.
     */
    private Choices choose(List<ActivationDomain> batch, List<Bounded> bounded, long deadline) {
        Candidate[] next = new Candidate[batch.size()];
        int[][][] childOpen = new int[batch.size()][][];
        if (System.nanoTime() - deadline >= 0) {
            return new Choices(next, childOpen);
        }
        List<List<Candidate>> tops = IntStream.range(0, batch.size()).parallel().mapToObj(i -> bounded.get(i).v().open().length == 0
            ? List.<Candidate>of() : BranchingCandidates.top(graph, bounded.get(i).r(), bounded.get(i).v().weights(), shortlist)).toList();
        List<DomainBounder.Request> children = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            List<Candidate> top = tops.get(i);
            if (top.size() == 1) {
                next[i] = top.get(0);
            } else if (top.size() > 1) {
                DomainBounder.State child = on(bounded.get(i).r().state(), bounded.get(i).v().open()).child(rows.c().length);
                for (Candidate c : top) {
                    for (Split s : List.of(c.below(), c.above())) {
                        // over the intervals refinement tightened on the domain: the children inherit them
                        children.add(new DomainBounder.Request(with(batch.get(i).splits(), s), bounded.get(i).tightened(), child));
                    }
                }
            }
        }
        List<DomainBounder.Result> estimates = bounder.bound(box, root, children, 0, deadline);
        int at = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (tops.get(i).size() <= 1) {
                continue;
            }
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Candidate c : tops.get(i)) {
                double score = Math.min(measure(estimates.get(at).lower(), bounded.get(i).v().open()),
                    measure(estimates.get(at + 1).lower(), bounded.get(i).v().open()));
                at += 2;
                if (next[i] == null || score > bestScore) {
                    childOpen[i] = new int[][] {stillOpen(estimates.get(at - 2).lower(), bounded.get(i).v().open()),
                        stillOpen(estimates.get(at - 1).lower(), bounded.get(i).v().open())};
                    next[i] = c;
                    bestScore = score;
                }
            }
        }
        return new Choices(next, childOpen);
    }

    /**
     * A domain's state for the rows of its open regions only: the excluded regions' rows no longer
     * decide anything on it or its sub-domains, so its passes skip them (their bounds become interval
     * arithmetic's, never read).
     */
    private DomainBounder.State on(DomainBounder.State state, int[] open) {
        int[] sorted = open.clone();
        Arrays.sort(sorted);
        return state.restrict(rows.rowsOf(sorted));
    }

    /** The regions of {@code open} that lower bounds of the rows leave open. */
    private int[] stillOpen(double[] lower, int[] open) {
        return Arrays.stream(open).filter(region -> !(rows.regionBound(lower, region) > 0)).toArray();
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
        int[][] open = d.childOpen() != null ? d.childOpen() : new int[][] {d.open(), d.open()};
        return List.of(
            new ActivationDomain(with(d.splits(), c.below()), child, open[0], null, d.tightened(), bounded.lowerBound()),
            new ActivationDomain(with(d.splits(), c.above()), child, open[1], null, d.tightened(), bounded.lowerBound()));
    }

    @Override
    public long bytes(ActivationDomain d) {
        long tightened = d.tightened().values().stream().mapToLong(iv -> 16L * iv.size()).sum();
        return 8 * d.state().doubles() + 64L * d.splits().size() + 4L * d.open().length + tightened + 256;
    }
}
