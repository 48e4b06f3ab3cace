package io.netverify.bab.lipschitz;

import io.netverify.bab.lp.LpBound;
import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.LpSolvers;
import io.netverify.bab.lp.PlanetLp;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.DomainBounder;
import io.netverify.bounds.Interval;
import io.netverify.bounds.Split;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.bounds.lipschitz.GradientRule;
import io.netverify.bounds.lipschitz.GradientRules;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianGraph;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.bounds.lipschitz.LipschitzBound;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Branch and bound to the exact local Lipschitz constant ({@code sup ||c^T J(x)||_1} over an l_inf
 * box): domains split forward ReLU pre-activations at 0, which fixes the neuron's derivative, and
 * the inputs of smooth activations ({@link SmoothSplits}). Unlike branching on the derivatives alone
 * (the paper's released code), the splits are constraints of the domain: its intermediate bounds are
 * recomputed under them and the final bound carries them as beta-CROWN multipliers
 * ({@link DomainBounder}), and a domain whose activation pattern no input of the box produces is
 * pruned when the triangle LP of the forward network proves it empty; domains with every ReLU fixed
 * are decided exactly. Networks with at most {@link #inputSplitDimensions} inputs bisect the input
 * box instead (ReLU networks until few ReLUs are unstable), and up to {@link #mixedSplitDimensions}
 * each domain takes the better of a bisection and its activation split. Best-first on the largest
 * upper bound; stops when the largest open bound is within the tolerance of the best gradient norm
 * found (box centres, domains' minimising corners, points of exact leaves), when nothing is left to
 * split, or at the deadline.
 */
public final class LipschitzSearch {
    /** How the search ended. */
    public enum Status {
        /** The bound is within the tolerance of a witnessed gradient norm or of an exact activation region. */
        CONVERGED,
        TIMEOUT,
        /**
         * Nothing left to split before converging: boxes too small to bisect and activation inputs
         * too narrow to split, or nonlinearities no split applies to (max pooling).
         */
        NO_SPLIT
    }

    /**
     * The result: a sound {@code upper}, the best gradient norm found ({@code lower}, at {@code witness}),
     * the root bound before branching, domains bounded, seconds.
     */
    public record Result(double upper, double lower, double[] witness, double root, double naive, Status status,
                         long domains, double seconds) {
    }

    private final Graph forward;
    private final double[] c;
    /** The l_1 norm graph whose derivative nodes take the side of a split (closed_at_zero). */
    private final Graph norm;
    /** The same graph with Clarke intervals at 0 everywhere: sound for any intervals, for the root's. */
    private final Graph strictNorm;
    private final PatternGradient pattern;
    private final Evaluator gradient;
    private final List<String> splittable = new ArrayList<>();
    /** Whether the network has smooth nonlinearities (activations, max pooling), whose derivatives no split fixes. */
    private final boolean smooth;
    private final SmoothSplits smoothSplits;
    private final LpSolver solver = LpSolvers.best();
    private double tolerance = 0.01;
    /** Domains popped per round: their children are bounded together, in parallel. */
    private final int batch = 4 * Runtime.getRuntime().availableProcessors();
    private int inputSplitDimensions = 8;
    /**
     * A ReLU domain with at most this many unstable ReLUs splits them rather than its box: at most
     * 2^6 activation patterns are left, each decided exactly (or pruned) by the LP, where bisection
     * would have to resolve their boundaries.
     */
    private static final int FEW_UNSTABLE = 6;
    /** Random points of an exact leaf's box whose gradients are tried for the lower bound. */
    private static final int LEAF_SAMPLES = 8;
    private final SplittableRandom random = new SplittableRandom(1);
    private int mixedSplitDimensions = 16;

    private LipschitzSearch(Graph forward, double[] c) {
        this.forward = forward;
        this.c = c.clone();
        this.norm = JacobianGraph.l1Norm(forward, c, true);
        this.strictNorm = JacobianGraph.l1Norm(forward, c);
        this.pattern = new PatternGradient(forward, c);
        this.gradient = new Evaluator(JacobianGraph.gradient(forward, c));
        boolean other = false;
        for (Node n : forward.nodes()) {
            // the Jacobian graphs above exist, so every node has a chain rule
            GradientRule.Derivative d = GradientRules.find(n.opType()).orElseThrow().derivative();
            if (d == GradientRule.Derivative.PIECEWISE_CONSTANT) {
                splittable.add(n.input(0));
            } else {
                other |= d == GradientRule.Derivative.SMOOTH;
            }
        }
        this.smooth = other;
        this.smoothSplits = new SmoothSplits(forward, norm);
    }

    /** The search for output weighting c over l_inf boxes of {@code forward}. */
    public static LipschitzSearch of(Graph forward, double[] c) {
        return new LipschitzSearch(forward, c);
    }

    /** Relative gap at which the search stops (default 0.01). */
    public LipschitzSearch tolerance(double t) {
        this.tolerance = t;
        return this;
    }

    /**
     * Networks with at most this many inputs (default 8; halving every side costs 2^8 domains) branch
     * on the input box, bisecting the widest side (ReLU networks while more than a few ReLUs are
     * unstable); the others (and boxes too small to bisect) on activations.
     */
    public LipschitzSearch inputSplitDimensions(int n) {
        this.inputSplitDimensions = n;
        return this;
    }

    /**
     * Networks with more inputs than {@link #inputSplitDimensions} and at most this many (default 16)
     * choose per domain between bisecting the input box and the activation split, by estimating both.
     */
    public LipschitzSearch mixedSplitDimensions(int n) {
        this.mixedSplitDimensions = n;
        return this;
    }

    private record Domain(List<Split> splits, Map<String, Interval> tightened, DomainBounder.State state,
                          DomainBounder.Result bounds, double upper) {
    }

    /** The best gradient norm found so far and its point. */
    private final class Best {
        private double value;
        private double[] point;

        Best(double value, double[] point) {
            this.value = value;
            this.point = point;
        }

        /** The gradient norm at x, a point of the root box, kept when it is the largest so far. */
        void observe(double[] x) {
            double v = InputNorm.LINF.dual(gradient.evaluate(x));
            if (v > value) {
                value = v;
                point = x;
            }
        }
    }

    /** A child of a domain: its parent, the split it adds, and its intervals refined under its splits. */
    private record Child(Domain parent, List<Split> splits, Map<String, Interval> tightened) {
        DomainBounder.Request request() {
            return new DomainBounder.Request(splits, tightened, parent.state().child(1));
        }
    }

    /** Runs until converged or {@code deadline} (System.nanoTime). */
    public Result run(Interval box, long deadline) {
        long start = System.nanoTime();
        LipschitzBound first = Lipschitz.of(forward).norm(InputNorm.LINF).method(Lipschitz.Method.CROWN).bound(box, c);
        Best best = new Best(first.lower(), first.witness());
        Map<String, Interval> rootIntervals = awayFromZero(BoundPropagator.of(strictNorm).compute(box).intermediate());
        DomainBounder bounder = new DomainBounder(norm, new double[][] {{-1}}, new double[] {0});
        DomainBounder.Result rootResult = bounder.bound(box, rootIntervals, Map.of(), List.of(), DomainBounder.State.initial(),
            deadline);
        double rootUpper = Math.min(first.upper(), -rootResult.lower()[0]);
        PriorityQueue<Domain> open = new PriorityQueue<>((a, b) -> Double.compare(b.upper(), a.upper()));
        open.add(new Domain(List.of(), Map.of(), rootResult.state(), rootResult, rootUpper));
        double decided = 0;
        // the largest value of an activation region decided exactly (ReLU leaves)
        double exact = 0;
        long domains = 1;
        Status status = Status.CONVERGED;
        while (!open.isEmpty()) {
            if (open.peek().upper() <= Math.max(best.value, exact) * (1 + tolerance)) {
                break;
            }
            if (System.nanoTime() - deadline >= 0) {
                status = Status.TIMEOUT;
                break;
            }
            List<Domain> split = new ArrayList<>();
            List<List<Split>> options = new ArrayList<>();
            while (!open.isEmpty() && 2 * split.size() < batch) {
                Domain d = open.poll();
                List<Split> o = options(d, box);
                if (!o.isEmpty()) {
                    split.add(d);
                    options.add(o);
                } else if (smooth) {
                    // a box too small to bisect and no activation input worth splitting: its bound stands
                    decided = Math.max(decided, d.upper());
                } else {
                    double value = Math.min(d.upper(), leaf(d));
                    decided = Math.max(decided, value);
                    exact = Math.max(exact, value);
                    best.observe(centre(d.bounds().box()));
                    if (value > best.value && reluSplits(d.splits())) {
                        witness(d, best);
                    }
                }
            }
            List<Child> all = children(bounder, box, rootIntervals, split, options, deadline);
            if (all.isEmpty()) {
                continue;
            }
            List<DomainBounder.Result> bounded = bounder.bound(box, rootIntervals,
                all.stream().map(Child::request).toList(), deadline);
            domains += bounded.size();
            for (int i : chosen(all, bounded)) {
                DomainBounder.Result r = bounded.get(i);
                Child q = all.get(i);
                double upper = Math.min(q.parent().upper(), -r.lower()[0]);
                if (r.empty() || upper <= best.value) {
                    continue;
                }
                // the corner where the domain's linear bound of the norm is largest: a candidate for the lower bound
                best.observe(r.minimiser(0));
                if (!reluSplits(q.splits())) {
                    best.observe(centre(r.box()));
                } else if (infeasible(r, q.splits())) {
                    continue;
                }
                open.add(new Domain(q.splits(), q.tightened(), r.state(), r, upper));
            }
        }
        double upper = Math.max(best.value, decided);
        if (!open.isEmpty()) {
            upper = Math.max(upper, open.peek().upper());
        }
        if (status == Status.CONVERGED && upper > Math.max(best.value, exact) * (1 + tolerance)) {
            status = Status.NO_SPLIT;
        }
        return new Result(upper, best.value, best.point, rootUpper, first.naive(), status, domains,
            (System.nanoTime() - start) / 1e9);
    }

    /**
     * The splits a domain may take (none: nothing left to split): the activation split (a ReLU
     * input at 0, else a smooth activation's input, {@link SmoothSplits}) and, for networks with at
     * most {@link #mixedSplitDimensions} inputs, the bisection of the domain's box; only the
     * bisection up to {@link #inputSplitDimensions} inputs; only the ReLU split where at most
     * {@link #FEW_UNSTABLE} ReLUs are unstable.
     */
    private List<Split> options(Domain d, Interval box) {
        Split activation = choose(splittable, d.bounds().intermediate(), d.splits());
        if (activation == null && smoothSplits.any()) {
            activation = smoothSplits.choose(d.bounds());
        }
        Split onInput = (activation != null || smooth) && box.size() <= mixedSplitDimensions ? bisect(box, d.bounds().box()) : null;
        if (onInput != null && activation != null && splittable.contains(activation.value())
            && unstable(d.bounds().intermediate(), d.splits()) <= FEW_UNSTABLE) {
            return List.of(activation);
        }
        if (onInput != null && (activation == null || box.size() <= inputSplitDimensions)) {
            return List.of(onInput);
        }
        return activation == null ? List.of() : onInput == null ? List.of(activation) : List.of(activation, onInput);
    }

    /** The two children of each domain for each of its options, refined in parallel. */
    private List<Child> children(DomainBounder bounder, Interval box, Map<String, Interval> root, List<Domain> split,
                                 List<List<Split>> options, long deadline) {
        List<int[]> at = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            for (int o = 0; o < options.get(i).size(); o++) {
                at.add(new int[] {i, o, 0});
                at.add(new int[] {i, o, 1});
            }
        }
        return at.parallelStream().map(k -> child(bounder, box, root, split.get(k[0]), options.get(k[0]).get(k[1]),
            k[2] == 1, deadline)).toList();
    }

    /**
     * The indices of the children kept: where a domain had two options (consecutive pairs of children
     * with the same parent), the pair whose worse child has the smaller bound, as in strong branching.
     */
    private static List<Integer> chosen(List<Child> all, List<DomainBounder.Result> bounded) {
        List<Integer> out = new ArrayList<>();
        double[] bound = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            DomainBounder.Result r = bounded.get(i);
            bound[i] = r.empty() ? 0 : Math.min(all.get(i).parent().upper(), -r.lower()[0]);
        }
        for (int i = 0; i < all.size(); ) {
            int pick = i;
            int next = i + 2;
            for (; next < all.size() && all.get(next).parent() == all.get(i).parent(); next += 2) {
                if (Math.max(bound[next], bound[next + 1]) < Math.max(bound[pick], bound[pick + 1])) {
                    pick = next;
                }
            }
            out.add(pick);
            out.add(pick + 1);
            i = next;
        }
        return out;
    }

    /** The child of domain d with split s on the given side, its intervals refined under its splits. */
    private Child child(DomainBounder bounder, Interval box, Map<String, Interval> root, Domain d, Split s, boolean above,
                        long deadline) {
        List<Split> splits = new ArrayList<>(d.splits());
        splits.add(new Split(s.value(), s.index(), s.point(), above));
        Map<String, Interval> tightened = bounder.refine(box, root, d.tightened(), splits, deadline);
        if (touchesZero(tightened, splits)) {
            tightened = d.tightened();
        }
        return new Child(d, splits, tightened);
    }

    /**
     * The ReLU input to split next: of those not split yet, the one straddling 0 most evenly; else one
     * whose interval touches 0 (its derivative there is the whole Clarke interval); null when every
     * ReLU is fixed (one-signed or split).
     */
    private static Split choose(List<String> splittable, Map<String, Interval> intervals, List<Split> splits) {
        Split best = null;
        double bestScore = -1;
        for (String v : splittable) {
            Interval iv = intervals.get(v);
            for (int j = 0; j < iv.size(); j++) {
                double l = iv.lower()[j];
                double u = iv.upper()[j];
                if (l > 0 || u < 0 || isSplit(splits, v, j)) {
                    continue;
                }
                double score = Math.min(-l, u);
                if (score > bestScore) {
                    bestScore = score;
                    best = new Split(v, j, 0, true);
                }
            }
        }
        return best;
    }

    /** How many ReLU inputs straddle 0 and are not split yet. */
    private int unstable(Map<String, Interval> intervals, List<Split> splits) {
        int n = 0;
        for (String v : splittable) {
            Interval iv = intervals.get(v);
            for (int j = 0; j < iv.size(); j++) {
                if (iv.lower()[j] <= 0 && iv.upper()[j] >= 0 && !isSplit(splits, v, j)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The intervals with every ReLU input's end point that is exactly 0 moved out by the smallest
     * double, so that the split-side derivatives of the closed_at_zero graph apply to splits only.
     */
    private Map<String, Interval> awayFromZero(Map<String, Interval> intervals) {
        Map<String, Interval> out = new java.util.HashMap<>(intervals);
        for (String v : splittable) {
            Interval iv = out.get(v);
            double[] l = iv.lower().clone();
            double[] u = iv.upper().clone();
            for (int j = 0; j < l.length; j++) {
                l[j] = l[j] == 0 ? -Double.MIN_VALUE : l[j];
                u[j] = u[j] == 0 ? Double.MIN_VALUE : u[j];
            }
            out.put(v, new Interval(l, u));
        }
        return out;
    }

    /**
     * Whether a refinement gave a ReLU input that is not split an end point exactly 0: the closed_at_zero
     * graph would take it for a split, so the refinement (and the values bounded after it) is not used.
     */
    private boolean touchesZero(Map<String, Interval> intervals, List<Split> splits) {
        for (String v : splittable) {
            Interval iv = intervals.get(v);
            for (int j = 0; iv != null && j < iv.size(); j++) {
                if ((iv.lower()[j] == 0 || iv.upper()[j] == 0) && !isSplit(splits, v, j)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * For low-dimensional inputs: the split of the domain's box at the middle of its widest side
     * (relative to the root box), or null when it is already tiny.
     */
    private Split bisect(Interval root, Interval box) {
        int widest = -1;
        double width = 1e-6;
        for (int i = 0; i < box.size(); i++) {
            double w = (box.upper()[i] - box.lower()[i]) / Math.max(root.upper()[i] - root.lower()[i], Double.MIN_NORMAL);
            if (w > width) {
                width = w;
                widest = i;
            }
        }
        if (widest < 0) {
            return null;
        }
        double mid = box.lower()[widest] + 0.5 * (box.upper()[widest] - box.lower()[widest]);
        return new Split(forward.inputs().get(0).name(), widest, mid, true);
    }

    private boolean reluSplits(List<Split> splits) {
        return splits.stream().anyMatch(sp -> splittable.contains(sp.value()));
    }

    private double[] randomPoint(Interval box) {
        double[] x = new double[box.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(box.upper()[i], box.lower()[i] + random.nextDouble() * (box.upper()[i] - box.lower()[i]));
        }
        return x;
    }

    private static double[] centre(Interval box) {
        double[] x = new double[box.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = box.lower()[i] + 0.5 * (box.upper()[i] - box.lower()[i]);
        }
        return x;
    }

    private static boolean isSplit(List<Split> splits, String v, int j) {
        return splits.stream().anyMatch(s -> s.value().equals(v) && s.index() == j);
    }

    /** The activation pattern of a domain with every ReLU fixed: +1 active, -1 inactive, by ReLU input. */
    private Map<String, double[]> pattern(Map<String, Interval> intervals, List<Split> splits) {
        Map<String, double[]> signs = new java.util.HashMap<>();
        for (String v : splittable) {
            Interval iv = intervals.get(v);
            double[] s = new double[iv.size()];
            for (int j = 0; j < s.length; j++) {
                s[j] = iv.lower()[j] > 0 ? 1 : -1;
            }
            signs.put(v, s);
        }
        for (Split sp : splits) {
            double[] s = signs.get(sp.value());
            if (s != null) {
                s[sp.index()] = sp.above() ? 1 : -1;
            }
        }
        return signs;
    }

    /**
     * A domain with every ReLU fixed: its value is the gradient of that activation region (a rigorous
     * bound of its norm), unless the triangle LP of the forward network, exact here, proves that no
     * input of the box has the pattern (then 0).
     */
    private double leaf(Domain d) {
        if (infeasible(d.bounds(), d.splits())) {
            return 0;
        }
        return pattern.l1Upper(pattern(d.bounds().intermediate(), d.splits()));
    }

    /**
     * Looks for a point of a leaf's activation region, whose gradient is the leaf's: the region is a
     * polytope, so the mean of the LP's points minimising and maximising each output (vertices of it)
     * lies inside it, in its interior when it has one; random points of the box are tried too. The
     * vertices themselves are not: ReLU inputs are 0 there, where the evaluated derivatives may form
     * a combination no neighbourhood of the point has.
     */
    private void witness(Domain d, Best best) {
        int m = forward.shape(forward.outputs().get(0)).size();
        Interval box = d.bounds().box();
        double[] mean = new double[box.size()];
        int found = 0;
        try (PlanetLp lp = PlanetLp.build(forward, box, d.bounds().intermediate(), d.splits(), solver)) {
            for (int k = 0; k < 2 * m && !lp.empty(); k++) {
                double[] objective = new double[m];
                objective[k / 2] = k % 2 == 0 ? 1 : -1;
                double[] x = lp.minimise(objective).input();
                if (x != null) {
                    for (int i = 0; i < x.length; i++) {
                        mean[i] += x[i];
                    }
                    found++;
                }
            }
        } catch (NoRelaxationException e) {
            found = 0;
        }
        if (found > 0) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] = Math.min(box.upper()[i], Math.max(box.lower()[i], mean[i] / found));
            }
            best.observe(mean);
        }
        for (int t = 0; t < LEAF_SAMPLES; t++) {
            best.observe(randomPoint(box));
        }
    }

    /** Whether the triangle LP proves that no input of the box satisfies the domain's splits. */
    private boolean infeasible(DomainBounder.Result r, List<Split> splits) {
        try (PlanetLp lp = PlanetLp.build(forward, r.box(), r.intermediate(), splits, solver)) {
            return lp.empty() || lp.minimise(new double[forward.shape(forward.outputs().get(0)).size()]).lowerBound()
                == Double.POSITIVE_INFINITY;
        } catch (NoRelaxationException e) {
            return false;
        }
    }
}
