package io.netverify.bounds;

import io.netverify.bounds.relax.AlphaParameters;
import io.netverify.onnx.Graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Bounds of {@code C y + d} on the domains of branch and bound over activations: the root's input
 * box with a list of {@link Split}s. As in beta-CROWN, intermediate bounds are the root's with each
 * split applied to its element, and the final bounds are optimised over the relaxation parameters
 * (alpha) and one multiplier per split and row (beta), warm-started from the parent domain.
 */
public final class DomainBounder {
    private final Graph graph;
    private final double[][] c;
    private final double[] d;
    private final double[] flatC;
    private final String input;
    private AlphaCrown.Settings settings = new AlphaCrown.Settings(20, 0.1, 0.98, 5, Long.MAX_VALUE);
    private boolean stopWhenProved = true;
    private volatile SharedRounding shared;
    private final BoundPropagator propagator;
    /** The input and every node output, in topological order (graph.computedValues()). */
    private final List<String> order;
    /** The values of {@link #order} that feed nonlinear nodes: those {@link #refine} may refine. */
    private final List<String> refinable;
    /** The largest value's size: a stacked pass's rows times it is its largest coefficient matrix. */
    private final long maxValueSize;

    public DomainBounder(Graph graph, double[][] c, double[] d) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("domain bounds need one input and one output; graph has "
                + graph.inputs().size() + " and " + graph.outputs().size());
        }
        this.propagator = BoundPropagator.of(graph); // validates the graph: every operator bounded
        this.graph = graph;
        this.c = c;
        this.d = d;
        int n = graph.shape(graph.outputs().get(0)).size();
        this.flatC = new double[c.length * n];
        for (int k = 0; k < c.length; k++) {
            if (c[k].length != n) {
                throw new IllegalArgumentException("row " + k + " has " + c[k].length + " coefficients for " + n + " outputs");
            }
            System.arraycopy(c[k], 0, flatC, k * n, n);
        }
        this.input = graph.inputs().get(0).name();
        this.order = graph.computedValues();
        this.refinable = order.stream().filter(propagator::feedsNonlinear).toList();
        this.maxValueSize = propagator.maxValueSize();
    }

    /**
     * Whether a domain's optimisation stops once every row it is bounded on has a positive bound
     * (default on): its verdict is then known, and the steps left would only tighten a proof. Any
     * iterate's bounds are sound, so stopping changes no bound's meaning, only how tight proved rows get.
     */
    public DomainBounder stopWhenProved(boolean on) {
        this.stopWhenProved = on;
        return this;
    }

    /** Optimisation steps per domain (default 20) and the Adam learning rate (default 0.1). */
    public DomainBounder iterations(int iterations, double learningRate) {
        settings = new AlphaCrown.Settings(iterations, learningRate, settings.decay(), settings.patience(), Long.MAX_VALUE);
        return this;
    }

    public int rows() {
        return c.length;
    }

    /**
     * The optimisable state a domain passes to its children: alpha per node, and beta per row for
     * each split of the domain, in the order of its split list; for every row of the bounder, or
     * for only some of them (see {@link #restrict}).
     */
    public static final class State {
        private final AlphaParameters alphas;
        private final double[] beta;
        private final int splits;
        /** The bounder's rows this state holds parameters for and a domain with it is bounded on, ascending; null: all. */
        private final int[] rows;

        private State(AlphaParameters alphas, double[] beta, int splits, int[] rows) {
            this.alphas = alphas;
            this.beta = beta;
            this.splits = splits;
            this.rows = rows;
        }

        /** No parameters yet: the first pass uses CROWN's defaults. */
        public static State initial() {
            return new State(new AlphaParameters(), new double[0], 0, null);
        }

        /**
         * The start of a child domain with one more split (appended last), whose multipliers start
         * at 0. Children share the parent's alphas until they are bounded (bounding copies them).
         * {@code rows} is the bounder's row count (a state {@link #restrict restricted} to fewer keeps those).
         */
        public State child(int rows) {
            int n = this.rows == null ? rows : this.rows.length;
            double[] b = new double[n * (splits + 1)];
            for (int k = 0; k < n && splits > 0; k++) {
                System.arraycopy(beta, k * splits, b, k * (splits + 1), splits);
            }
            return new State(alphas, b, splits + 1, this.rows);
        }

        /**
         * This state for only the bounder's rows {@code keep} (ascending, each one this state holds):
         * a domain with it is bounded on those rows alone, as when the other rows' regions are
         * already excluded on it; their bounds are then interval arithmetic's. The same state when
         * it holds exactly these rows.
         */
        public State restrict(int[] keep) {
            if (keep.length == 0) {
                throw new IllegalArgumentException("a domain is bounded on at least one row");
            }
            if (rows != null && Arrays.equals(rows, keep)) {
                return this;
            }
            int[] positions = new int[keep.length];
            for (int p = 0; p < keep.length; p++) {
                positions[p] = rows == null ? keep[p] : Arrays.binarySearch(rows, keep[p]);
                boolean beyond = rows == null && beta.length > 0 && keep[p] >= beta.length / splits;
                if (positions[p] < 0 || p > 0 && keep[p] <= keep[p - 1] || beyond) {
                    throw new IllegalArgumentException("rows " + Arrays.toString(keep) + " are not ascending rows of this state "
                        + (rows == null ? "(all)" : Arrays.toString(rows)));
                }
            }
            double[] b = new double[keep.length * splits];
            for (int p = 0; p < keep.length; p++) {
                System.arraycopy(beta, positions[p] * splits, b, p * splits, splits);
            }
            return new State(alphas.rows(positions), b, splits, keep.clone());
        }

        /** Doubles held: for the memory estimate of waiting domains. */
        public long doubles() {
            return beta.length + alphas.size();
        }

        private State copy() {
            return new State(alphas.copy(), beta.clone(), splits, rows);
        }
    }

    /**
     * A domain's bounds: per row the lower bound of {@code c_k . y + d_k} over the domain (+infinity
     * when the splits leave it empty), the input coefficients of each row's linear lower bound (null
     * when empty) and its minimum over the box (as {@link Bounds#linearLower()}), the intermediate bounds with the splits applied, the optimised state, and the
     * coefficients each nonlinear node's output got in the last pass (by node name, {@code rows x size}).
     */
    public record Result(double[] lower, double[] inputCoefficients, double[] linearLower, Interval box, Map<String, Interval> intermediate,
                         State state, Map<String, double[]> nonlinearCoefficients) {
        public boolean empty() {
            return inputCoefficients == null && Arrays.stream(lower).allMatch(x -> x == Double.POSITIVE_INFINITY);
        }

        /** The corner of the domain's box where row k's linear lower bound is smallest: a counterexample candidate. */
        public double[] minimiser(int k) {
            int n = box.size();
            double[] x = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = inputCoefficients != null && inputCoefficients[k * n + j] < 0 ? box.upper()[j] : box.lower()[j];
            }
            return x;
        }
    }

    /**
     * A domain of the root box to bound: its splits, intervals of some values that hold on it (e.g.
     * by LP or {@link #refine}; used in place of the root's), and its parent's state (copied, not changed).
     */
    public record Request(List<Split> splits, Map<String, Interval> tightened, State state) {
    }

    /**
     * Bounds one domain; see {@link #bound(Interval, Map, List, int, long)}.
     */
    public Result bound(Interval rootBox, Map<String, Interval> root, Map<String, Interval> tightened, List<Split> splits,
                        State state, int iterations, long deadline) {
        return bound(rootBox, root, List.of(new Request(splits, tightened, state)), iterations, deadline).get(0);
    }

    /**
     * Bounds many domains of one root box together: their optimisations run in lockstep, each step
     * one backward pass over the stacked rows of a group of domains (result i belongs to domain i).
     * There are at least as many groups as cores, run in parallel (the per-domain work between the
     * stacked products, such as the parameter updates, then uses every core too), and each group's
     * largest coefficient matrix stays within {@link BatchBounds#MAX_STACKED_DOUBLES}. {@code root} are sound intervals of every value over the
     * root box (e.g. {@link Bounds#intermediate()} of a CROWN or alpha-CROWN run; pass the same map
     * for every domain of a root, which lets them share work); {@code iterations} overrides the
     * default (0: one pass, for cheap estimates); {@code deadline} is a System.nanoTime: optimisation
     * stops there, and domains whose first pass it interrupts get bounds of negative infinity.
     */
    public List<Result> bound(Interval rootBox, Map<String, Interval> root, List<Request> domains, int iterations, long deadline) {
        BoundPropagator.checkBox(graph, rootBox);
        Result[] results = new Result[domains.size()];
        List<Integer> pending = new ArrayList<>();
        List<Domain> doms = new ArrayList<>();
        List<State> states = new ArrayList<>();
        List<AlphaCrown.Problem> problems = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            Request q = domains.get(i);
            if (q.state().splits != q.splits().size()) {
                throw new IllegalArgumentException("state has multipliers for " + q.state().splits + " splits, domain has "
                    + q.splits().size());
            }
            Domain dom = domain(rootBox, root, q.tightened(), q.splits());
            if (dom.empty()) {
                double[] inf = new double[c.length];
                Arrays.fill(inf, Double.POSITIVE_INFINITY);
                results[i] = new Result(inf, null, inf, dom.box(), dom.intervals(), q.state(), Map.of());
                continue;
            }
            State mine = q.state().copy();
            Interval box = dom.box();
            RoundingError rounding = box == rootBox ? rounding(rootBox, root) : new RoundingError(graph, box);
            int[] keep = rowsOf(mine);
            int rows = keep == null ? c.length : keep.length;
            problems.add(new AlphaCrown.Problem(keep == null ? flatC : rowsOfC(keep), rows, List.of(InputSet.box(box)),
                dom.intervals()::get, rounding, mine.alphas, new SplitTerms(q.splits(), rows, mine.beta), new HashMap<>(),
                stopWhenProved ? offsets(keep) : null));
            pending.add(i);
            doms.add(dom);
            states.add(mine);
        }
        AlphaCrown.Settings run = new AlphaCrown.Settings(iterations, settings.learningRate(), settings.decay(),
            settings.patience(), deadline);
        int perPass = (int) Math.max(1, BatchBounds.MAX_STACKED_DOUBLES / (maxValueSize * c.length));
        int groups = Math.max(Math.min(problems.size(), Runtime.getRuntime().availableProcessors()),
            (problems.size() + perPass - 1) / perPass);
        IntStream.range(0, groups).parallel().forEach(g -> {
            int first = (int) ((long) g * problems.size() / groups);
            int last = (int) ((long) (g + 1) * problems.size() / groups);
            List<BackwardPass.Result> r;
            try {
                r = AlphaCrown.optimise(graph, graph.outputs().get(0), problems.subList(first, last), run);
            } catch (DeadlineExceeded e) {
                r = null;
            }
            for (int p = first; p < last; p++) {
                int i = pending.get(p);
                results[i] = r == null ? cutShort(doms.get(p), domains.get(i).state())
                    : result(doms.get(p), r.get(p - first), states.get(p), problems.get(p).nonlinearCoefficients());
            }
        });
        return Arrays.asList(results);
    }

    /** A domain whose first pass the deadline interrupted: bounds of negative infinity. */
    private Result cutShort(Domain dom, State state) {
        double[] none = new double[c.length];
        Arrays.fill(none, Double.NEGATIVE_INFINITY);
        return new Result(none, new double[c.length * dom.box().size()], none, dom.box(), dom.intervals(), state, Map.of());
    }

    /**
     * A domain's result from its optimised pass: the better of it and interval arithmetic on the
     * output, per row. Rows the state leaves out get interval arithmetic's bound, a linear bound of
     * negative infinity with zero input coefficients, and zero nonlinear coefficients.
     */
    private Result result(Domain dom, BackwardPass.Result r, State state, Map<String, double[]> coefficients) {
        double[] ibpLower = new double[c.length];
        LinearFunctions.boundOfOutput(graph, dom.intervals(), c, d, ibpLower, new double[c.length]);
        int[] keep = rowsOf(state);
        int n = dom.box().size();
        int rows = keep == null ? c.length : keep.length;
        double[] coeffs = r.inputCoefficients() != null ? r.inputCoefficients() : new double[rows * n];
        double[] linear = LinearFunctions.shiftedDown(r.lower(), 0, offsets(keep));
        if (keep != null) {
            coeffs = spread(coeffs, keep, n, 0);
            linear = spread(linear, keep, 1, Double.NEGATIVE_INFINITY);
            Map<String, double[]> all = new HashMap<>();
            coefficients.forEach((node, values) -> all.put(node, spread(values, keep, values.length / keep.length, 0)));
            coefficients = all;
        }
        return new Result(LinearFunctions.tighter(linear, ibpLower), coeffs, linear, dom.box(), dom.intervals(), state, coefficients);
    }

    /** The rows a state is bounded on, or null for all (a state for every row in order counts as all). */
    private int[] rowsOf(State state) {
        int[] keep = state.rows;
        if (keep == null || keep.length == c.length) {
            return null;
        }
        for (int k : keep) {
            if (k < 0 || k >= c.length) {
                throw new IllegalArgumentException("state holds row " + k + " of a bounder with " + c.length + " rows");
            }
        }
        return keep;
    }

    /** The offsets of rows {@code keep} (null: all rows). */
    private double[] offsets(int[] keep) {
        return keep == null ? d : Arrays.stream(keep).mapToDouble(k -> d[k]).toArray();
    }

    /** The flat coefficients of rows {@code keep} of C. */
    private double[] rowsOfC(int[] keep) {
        int n = c[0].length;
        double[] out = new double[keep.length * n];
        for (int p = 0; p < keep.length; p++) {
            System.arraycopy(flatC, keep[p] * n, out, p * n, n);
        }
        return out;
    }

    /** {@code keep.length x width} values laid out as all rows, {@code fill} in the rows left out. */
    private double[] spread(double[] values, int[] keep, int width, double fill) {
        double[] out = new double[c.length * width];
        if (fill != 0) {
            Arrays.fill(out, fill);
        }
        for (int p = 0; p < keep.length; p++) {
            System.arraycopy(values, p * width, out, keep[p] * width, width);
        }
        return out;
    }

    /** A domain's box and intervals; empty when a split leaves no point. */
    private record Domain(Interval box, Map<String, Interval> intervals, boolean empty) {
    }

    /** The root's intervals, then the tightened ones (never looser than the root's), then the splits. */
    private Domain domain(Interval rootBox, Map<String, Interval> root, Map<String, Interval> tightened, List<Split> splits) {
        Map<String, Interval> intervals = new HashMap<>(root);
        tightened.forEach((value, iv) -> {
            Interval r = root.get(value);
            if (r == null) {
                throw new IllegalArgumentException("tightened interval of unknown value " + value);
            }
            // the shared rounding-error magnitudes rely on it
            intervals.put(value, r.intersect(iv));
        });
        Interval box = rootBox;
        for (Split s : splits) {
            Interval iv = s.value().equals(input) ? box : intervals.get(s.value());
            if (iv == null) {
                throw new IllegalArgumentException("split on unknown value " + s.value());
            }
            if (s.emptyOn(iv)) {
                return new Domain(box, intervals, true);
            }
            Interval restricted = s.restrict(iv);
            intervals.put(s.value(), restricted);
            if (s.value().equals(input)) {
                box = restricted;
            }
        }
        return new Domain(box, intervals, false);
    }

    /**
     * A domain's intermediate bounds refined by CROWN, as beta-CROWN recomputes those of a sub-domain:
     * the inputs of nonlinear nodes after the first split value, in topological order, each with its
     * neurons that are unstable on the domain bounded by one backward pass over the domain's intervals
     * (the root's, {@code tightened}, the splits, and the values refined before it), intersected with
     * them. Returns {@code tightened} with the refined values added (the same map when the domain is
     * empty, has no splits, or the deadline passes first).
     */
    public Map<String, Interval> refine(Interval rootBox, Map<String, Interval> root, Map<String, Interval> tightened,
                                        List<Split> splits, long deadline) {
        Domain dom = domain(rootBox, root, tightened, splits);
        int first = splits.stream().mapToInt(sp -> order.indexOf(sp.value())).min().orElse(order.size());
        List<String> values = refinable.stream().filter(v -> order.indexOf(v) > first).toList();
        if (dom.empty() || values.isEmpty()) {
            return tightened;
        }
        Map<String, Interval> intervals = dom.intervals();
        RoundingError rounding = dom.box() == rootBox ? rounding(rootBox, root) : new RoundingError(graph, dom.box());
        Map<String, Interval> out = new HashMap<>(tightened);
        try {
            for (String v : values) {
                Interval current = intervals.get(v);
                int[] unstable = propagator.refinedNeurons(v, current);
                int n = current.size();
                double[] lower = current.lower().clone();
                double[] upper = current.upper().clone();
                int chunk = Math.max(1, Math.min(unstable.length, propagator.neuronsPerPass()));
                for (int from = 0; from < unstable.length; from += chunk) {
                    int[] idx = Arrays.copyOfRange(unstable, from, Math.min(unstable.length, from + chunk));
                    double[] rows = new double[2 * idx.length * n];
                    BoundPropagator.unitRows(idx, n, rows, 0);
                    double[] lb = BackwardPass.lowerBounds(graph, v, rows, 2 * idx.length, dom.box(), intervals::get,
                        rounding, deadline);
                    BoundPropagator.refine(idx, lb, 0, true, lower, upper);
                }
                Interval refined = new Interval(lower, upper);
                intervals.put(v, refined);
                out.put(v, refined);
            }
        } catch (DeadlineExceeded e) {
            return tightened;
        }
        return out;
    }

    /** Default iterations: see {@link #iterations}. */
    public Result bound(Interval rootBox, Map<String, Interval> root, Map<String, Interval> tightened, List<Split> splits,
                        State state, long deadline) {
        return bound(rootBox, root, tightened, splits, state, settings.iterations(), deadline);
    }

    /** Default iterations: see {@link #iterations}. */
    public List<Result> bound(Interval rootBox, Map<String, Interval> root, List<Request> domains, long deadline) {
        return bound(rootBox, root, domains, settings.iterations(), deadline);
    }

    /**
     * The rounding-error bound of the domains of one root box and root intervals, shared by all of
     * them (its magnitudes, an interval pass over the network, cost as much as the rest of a cheap
     * domain's bounding); domains' intervals are never looser than the root's, so it holds for each.
     */
    private RoundingError rounding(Interval rootBox, Map<String, Interval> root) {
        SharedRounding s = shared;
        if (s == null || s.box() != rootBox || s.root() != root) {
            s = new SharedRounding(rootBox, root, new RoundingError(graph, rootBox, root::get));
            shared = s;
        }
        return s.error();
    }

    private record SharedRounding(Interval box, Map<String, Interval> root, RoundingError error) {
    }
}
