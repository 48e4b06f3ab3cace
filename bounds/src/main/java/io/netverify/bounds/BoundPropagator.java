package io.netverify.bounds;

import io.netverify.bounds.relax.OutwardRounding;
import io.netverify.bounds.relax.Relaxation;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.ValueInfo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Sound bounds of a network's outputs, or of linear functions {@code C y + d} of them, over an
 * input box. {@code BoundPropagator.of(graph).method(CROWN).compute(box, c, d)}.
 *
 * <p>A graph may have several inputs, each in its own {@link InputSet} (a box, an exact point, an
 * l_1/l_2/l_inf ball): {@code compute(List.of(InputSet.ball(L2, x0, eps), InputSet.point(w)), c, d)}.
 * A graph with several outputs is bounded as one: y is their flattened values one after another,
 * in the graph's output order. Batches ({@link #computeBatch}) take a single input box.
 *
 * <p>With CROWN, the input of every nonlinear node is first bounded by its own backward pass (only
 * for the neurons IBP leaves unstable), intersected with IBP, as auto_LiRPA does by default.
 */
public final class BoundPropagator {
    /**
     * Largest coefficient matrix of one backward pass, in doubles (1 MiB); larger targets are split
     * into row chunks. Small enough that a pass's arrays stay in cache between its steps, which each
     * sweep whole rows: on conv nets 0.63-0.91x the CPU time of 128 MiB passes, bounds equal.
     */
    private static final long MAX_PASS_DOUBLES = 1L << 17;
    /**
     * Neurons a pass takes at least (two rows each) when that fits in {@link #MEMORY_PASS_DOUBLES}:
     * a pass's fixed costs (each nonlinear step's relaxation of the whole layer) over enough rows.
     */
    private static final int MIN_NEURONS_PER_PASS = 16;
    /** Largest coefficient matrix of one pass that memory allows (128 MiB). */
    private static final long MEMORY_PASS_DOUBLES = 1L << 24;
    /** Above this fraction of unstable neurons, every neuron of a layer gets CROWN bounds. */
    private static final double ALL_NEURONS_FRACTION = 0.9;

    private final Graph graph;
    private BoundMethod method = BoundMethod.CROWN;
    private BoundMethod intermediateMethod = BoundMethod.CROWN;
    private AlphaCrown.Settings alphaSettings = AlphaCrown.Settings.DEFAULT;
    private boolean optimiseIntermediate = true;
    /** Gradient steps alpha-CROWN may take in all per computation; negative for no limit. */
    private long alphaSteps = -1;
    /** Sound bounds of the same rows whose intervals every value is intersected with, so that alpha-CROWN's partial work is kept; null when not kept. */
    private Bounds known;
    /** When alpha-CROWN's partial work is kept, the deadline of the final CROWN pass that replaces the rows' optimisation. */
    private long finalDeadline = Long.MAX_VALUE;
    /** Values whose interval is already exact over any box: see {@link #intervalExact}. */
    private final Set<String> intervalExact = new HashSet<>();

    private BoundPropagator(Graph network) {
        if (network.inputs().isEmpty() || network.outputs().isEmpty()) {
            throw new IllegalArgumentException("bound propagation needs an input and an output; graph has "
                + network.inputs().size() + " and " + network.outputs().size());
        }
        for (Node n : network.nodes()) {
            IntervalPropagation.relaxation(n);
        }
        this.graph = OutputConcatenation.of(network);
        Set<String> boxes = new HashSet<>(List.of(graph.inputs().get(0).name()));
        for (Node n : graph.nodes()) {
            List<String> computed = n.inputs().stream().filter(in -> !in.isEmpty() && !graph.isConstant(in)).toList();
            if (computed.size() == 1 && boxes.contains(computed.get(0))) {
                Relaxation r = IntervalPropagation.relaxation(n);
                if (r.mapsBoxesToBoxes()) {
                    boxes.add(n.output());
                } else if (r.exactOverBoxes()) {
                    intervalExact.add(n.output());
                }
            } else if (computed.size() == 1 && intervalExact.contains(computed.get(0))
                && IntervalPropagation.relaxation(n).keepsIntervalsExact()) {
                intervalExact.add(n.output());
            }
        }
    }

    /**
     * Whether interval propagation already gives v's exact range over the input box (up to
     * rounding), so that a CROWN pass for it could only repeat it: v is a node whose relaxation is
     * {@link Relaxation#exactOverBoxes exact over boxes} (Linear, Conv) of a box, where a box is the
     * input or a node that {@link Relaxation#mapsBoxesToBoxes maps boxes to boxes} (View, Affine) of a box. (Each output is then a sum of
     * distinct box elements times one coefficient each, whose interval is exact; the first layer of
     * most networks is such a value, and its CROWN pass was a tenth of CROWN's work on the sigmoid 6x200 net.)
     * A node that {@link Relaxation#keepsIntervalsExact keeps intervals exact} (ReLU) of such a value
     * is one too (a max-pooling's input after the first Conv and ReLU: its alpha-CROWN refinement was
     * most of alpha-CROWN's time on the digits CNN).
     */
    boolean intervalExact(String v) {
        return intervalExact.contains(v);
    }

    public static BoundPropagator of(Graph graph) {
        return new BoundPropagator(graph);
    }

    public BoundPropagator method(BoundMethod m) {
        this.method = m;
        return this;
    }

    /** How intermediate bounds are computed for CROWN: CROWN (default) or IBP. */
    public BoundPropagator intermediate(BoundMethod m) {
        if (m == BoundMethod.ALPHA_CROWN) {
            throw new IllegalArgumentException("intermediate bounds are computed by IBP or CROWN");
        }
        this.intermediateMethod = m;
        return this;
    }

    /** alpha-CROWN iterations (default 50) and Adam learning rate (default 0.1). */
    public BoundPropagator alphaIterations(int iterations, double learningRate) {
        this.alphaSettings = new AlphaCrown.Settings(iterations, learningRate, alphaSettings.decay(), alphaSettings.patience(),
            alphaSettings.deadline());
        return this;
    }

    /**
     * A deadline (System.nanoTime): alpha-CROWN stops there with the best (sound) bounds found so far;
     * a CROWN pass still running then is abandoned and the bounds fall back to IBP's (method IBP in
     * the result). IBP itself is not interrupted.
     */
    public BoundPropagator deadline(long nanoTime) {
        this.alphaSettings = alphaSettings.withDeadline(nanoTime);
        return this;
    }

    /**
     * A deterministic stop for alpha-CROWN: at most this many gradient steps in all (over every layer)
     * per computation, after which it stops as at its {@link #deadline}.
     */
    public BoundPropagator alphaSteps(long budget) {
        this.alphaSteps = budget;
        return this;
    }

    /**
     * Keeps alpha-CROWN's work when its deadline (or step budget) cuts it short, instead of falling
     * back to IBP. {@code known} are sound bounds of the same rows {@code C y + d} over the same input
     * sets (e.g. CROWN's): every value's interval is intersected with its interval there, the layers
     * that alpha-CROWN optimised keep their optimised bounds (each sound on its own), those it did not
     * reach keep the known ones, and the rows get one CROWN pass over these intermediate bounds in place
     * of their optimisation, abandoned at {@code finalDeadline} (System.nanoTime) for interval bounds
     * of the rows over them; each row's bounds are then the tighter of these and the known ones, so
     * never looser than them. {@link Bounds#partial()} says whether it was cut short.
     */
    public BoundPropagator keepPartial(Bounds known, long finalDeadline) {
        this.known = known;
        this.finalDeadline = finalDeadline;
        return this;
    }

    /**
     * Whether alpha-CROWN also optimises the bounds of every nonlinear node's inputs (each bound for
     * itself, with its own parameters; default) or only the final bounds, with intermediate bounds
     * from CROWN (cheaper).
     */
    public BoundPropagator optimiseIntermediate(boolean on) {
        this.optimiseIntermediate = on;
        return this;
    }

    /** Bounds of the raw outputs. */
    public Bounds compute(Interval box) {
        return compute(box, identity(), new double[outputSize()]);
    }

    /** Bounds of the raw outputs with each graph input in its set (in the graph's input order). */
    public Bounds compute(List<InputSet> inputs) {
        return compute(inputs, identity(), new double[outputSize()]);
    }

    private double[][] identity() {
        int n = outputSize();
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            c[i][i] = 1;
        }
        return c;
    }

    /**
     * Bounds of {@code C y + d} for many boxes (e.g. a training batch); result i belongs to box i and
     * is that of {@code compute(boxes.get(i), c, d)} up to float rounding (both sound). IBP and CROWN
     * run all boxes through each layer together (see {@link BatchBounds}); alpha-CROWN, which
     * optimises per box, and a single box run box by box on all cores.
     */
    public List<Bounds> computeBatch(List<Interval> boxes, double[][] c, double[] d) {
        if (graph.inputs().size() != 1) {
            throw new IllegalArgumentException("batched bounds need a graph with one input; graph has " + graph.inputs().size());
        }
        boxes.forEach(b -> checkBox(graph, b));
        if (method == BoundMethod.ALPHA_CROWN || boxes.size() == 1) {
            return boxes.parallelStream().map(b -> compute(b, c, d)).toList();
        }
        return batch(boxes, BatchBounds.MAX_STACKED_DOUBLES).compute(c, d);
    }

    /** The batched computation of {@link #computeBatch} with this propagator's settings (checked boxes). */
    BatchBounds batch(List<Interval> boxes, long maxStackedDoubles) {
        return new BatchBounds(this, graph, boxes, method, intermediateMethod, alphaSettings.deadline(), maxStackedDoubles);
    }

    /** Bounds of {@code C y + d} for each row of C. */
    public Bounds compute(Interval box, double[][] c, double[] d) {
        if (graph.inputs().size() != 1) {
            throw new IllegalArgumentException("graph has " + graph.inputs().size() + " inputs: give a set for each");
        }
        checkBox(graph, box);
        return compute(List.of(InputSet.box(box)), c, d);
    }

    /**
     * Bounds of {@code C y + d} for each row of C, with graph input i in {@code inputs.get(i)}. The
     * input coefficients of the result are those of all inputs side by side ({@code rows x total size}).
     */
    public Bounds compute(List<InputSet> inputs, double[][] c, double[] d) {
        Map<String, Interval> boxes = checkInputs(inputs);
        RoundingError rounding = new RoundingError(graph, boxes, null);
        if (method == BoundMethod.IBP) {
            return ibpBounds(ibp(boxes, rounding), c, d);
        }
        if (known != null && known.lower().length != c.length) {
            throw new IllegalArgumentException("known bounds have " + known.lower().length + " rows, C has " + c.length);
        }
        try {
            return tighterThanKnown(backward(inputs, boxes, c, d, rounding, new Run(alphaSettings.withSteps(alphaSteps))));
        } catch (DeadlineExceeded e) {
            return ibpBounds(ibp(boxes, rounding), c, d);
        }
    }

    /** b with each row's bounds the tighter of its own and the known ones (where partial work is kept). */
    private Bounds tighterThanKnown(Bounds b) {
        if (known == null) {
            return b;
        }
        Interval rows = withKnownRows(new Interval(b.lower(), b.upper()));
        return new Bounds(b.method(), rows.lower(), rows.upper(), b.intermediate(), b.inputCoefficients(), b.linearLower(),
            b.partial());
    }

    /** The bounding box of each input's set, by input name, after checking the sets' number and sizes. */
    private Map<String, Interval> checkInputs(List<InputSet> inputs) {
        if (inputs.size() != graph.inputs().size()) {
            throw new IllegalArgumentException(inputs.size() + " input sets for a graph with " + graph.inputs().size() + " inputs");
        }
        Map<String, Interval> boxes = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            ValueInfo x = graph.inputs().get(i);
            if (inputs.get(i).size() != x.shape().size()) {
                throw new IllegalArgumentException("set of input " + x.name() + " has " + inputs.get(i).size()
                    + " dimensions, the input " + x.shape().size());
            }
            boxes.put(x.name(), inputs.get(i).box());
        }
        return boxes;
    }

    /**
     * One computation's alpha-CROWN settings (with a fresh step budget) and whether its optimisation
     * was cut short (only recorded when partial work is kept).
     */
    private record Run(AlphaCrown.Settings settings, AtomicBoolean cut) {
        Run(AlphaCrown.Settings settings) {
            this(settings, new AtomicBoolean());
        }
    }

    private Bounds backward(List<InputSet> inputs, Map<String, Interval> boxes, double[][] c, double[] d, RoundingError rounding,
                            Run run) {
        String out = graph.outputs().get(0);
        Map<String, Interval> bounds = intermediateMethod == BoundMethod.CROWN ? refine(inputs, boxes, rounding, run)
            : ibp(boxes, rounding);
        int m = c.length;
        double[] both = new double[2 * m * outputSize()];
        bothSides(c, both, 0);
        int n = inputs.stream().mapToInt(InputSet::size).sum();
        BackwardPass.Result pass;
        if (method == BoundMethod.ALPHA_CROWN && known != null) {
            pass = optimisedOrCut(() -> AlphaCrown.lowerBounds(graph, out, both, 2 * m, inputs, bounds::get, run.settings(), rounding),
                run);
            if (pass == null) {
                try {
                    pass = BackwardPass.run(graph, out, both, 2 * m, inputs, bounds::get, null, null, null, rounding, finalDeadline);
                } catch (DeadlineExceeded e) {
                    Bounds ibp = ibpBounds(bounds, c, d);
                    return new Bounds(method, ibp.lower(), ibp.upper(), bounds, null, null, true);
                }
            }
        } else {
            pass = method == BoundMethod.ALPHA_CROWN
                ? AlphaCrown.lowerBounds(graph, out, both, 2 * m, inputs, bounds::get, run.settings(), rounding)
                : BackwardPass.run(graph, out, both, 2 * m, inputs, bounds::get, null, null, null, rounding, alphaSettings.deadline());
        }
        return combine(pass, 0, bounds, n, c, d, run.cut().get());
    }

    /**
     * With partial work kept: an optimisation's result, recording a cut when its time or budget ran
     * out during it; null (and a cut) when they had run out before it, or ran out in its first pass.
     */
    private static BackwardPass.Result optimisedOrCut(Supplier<BackwardPass.Result> optimisation, Run run) {
        if (run.settings().expired()) {
            run.cut().set(true);
            return null;
        }
        try {
            BackwardPass.Result r = optimisation.get();
            if (run.settings().expired()) {
                run.cut().set(true);
            }
            return r;
        } catch (DeadlineExceeded e) {
            run.cut().set(true);
            return null;
        }
    }

    /** Writes the rows of C, then those of -C (lower bounds of both give both bounds of C y) at row {@code from} of {@code both}. */
    void bothSides(double[][] c, double[] both, int from) {
        int m = c.length;
        int n = outputSize();
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < n; j++) {
                both[(from + k) * n + j] = c[k][j];
                both[(from + m + k) * n + j] = -c[k][j];
            }
        }
    }

    /** The bounds of C y + d from a pass's lower bounds of {@link #bothSides} at row {@code from}. */
    Bounds combine(BackwardPass.Result pass, int from, Map<String, Interval> bounds, int inputs, double[][] c, double[] d) {
        return combine(pass, from, bounds, inputs, c, d, false);
    }

    private Bounds combine(BackwardPass.Result pass, int from, Map<String, Interval> bounds, int inputs, double[][] c, double[] d,
                           boolean partial) {
        int m = c.length;
        double[] lb = pass.lower();
        // the interval bounds of the same functions are sound too: keep the tighter of each
        Bounds ibp = ibpBounds(bounds, c, d);
        double[] coefficients = pass.inputCoefficients() == null ? new double[m * inputs]
            : Arrays.copyOfRange(pass.inputCoefficients(), from * inputs, (from + m) * inputs);
        double[] linear = LinearFunctions.shiftedDown(lb, from, d);
        double[] lower = LinearFunctions.tighter(linear, ibp.lower());
        double[] upper = new double[m];
        for (int k = 0; k < m; k++) {
            upper[k] = Math.min(OutwardRounding.upperBound(Math.nextUp(-lb[from + m + k] + d[k])), ibp.upper()[k]);
        }
        return new Bounds(method, lower, upper, bounds, coefficients, linear, partial);
    }

    /**
     * IBP where the input of every nonlinear node is tightened by CROWN as soon as it is reached, so
     * IBP of later layers starts from refined bounds (auto_LiRPA's default), except where the interval
     * is already exact ({@link #intervalExact}, over boxes).
     */
    private Map<String, Interval> refine(List<InputSet> inputs, Map<String, Interval> boxes, RoundingError rounding, Run run) {
        // exact intervals hold over boxes only (the interval of a ball's bounding box is not its range)
        boolean overBoxes = inputs.stream().allMatch(s -> s instanceof InputSet.Box);
        return IntervalPropagation.run(graph, boxes, (v, ibp, bounds) -> {
            Interval widened = withKnown(v, rounding.widen(v, ibp, bounds::get));
            return feedsNonlinear(v) && !(overBoxes && intervalExact(v))
                ? withKnown(v, crownInterval(v, widened, inputs, bounds, rounding, run)) : widened;
        });
    }

    /** v's interval intersected with its known one, where partial work is kept. */
    private Interval withKnown(String v, Interval iv) {
        Interval k = known == null ? null : known.intermediate().get(v);
        return k == null || k.size() != iv.size() ? iv : iv.intersect(k);
    }

    private Interval withKnownRows(Interval rows) {
        return rows.intersect(new Interval(known.lower(), known.upper()));
    }

    /** Interval propagation from the inputs' boxes with every interval widened by its rounding error. */
    private Map<String, Interval> ibp(Map<String, Interval> boxes, RoundingError rounding) {
        return IntervalPropagation.run(graph, boxes, (v, iv, bounds) -> rounding.widen(v, iv, bounds::get));
    }

    /**
     * CROWN bounds of value v, as auto_LiRPA computes intermediate bounds: neurons that the interval
     * from IBP already shows to be stable for every consumer keep it, unless more than 90% of the
     * neurons are unstable, when all of them get CROWN bounds. For ReLU consumers CROWN bounds
     * replace the interval, as in auto_LiRPA (see {@link Relaxation#intersectsInputBounds}); for
     * others they are intersected with it.
     */
    private Interval crownInterval(String v, Interval current, List<InputSet> inputs, Map<String, Interval> bounds,
                                   RoundingError rounding, Run run) {
        int n = current.size();
        int[] unstable = refinedNeurons(v, current);
        boolean intersect = intersectsRefinement(v);
        double[] lower = current.lower().clone();
        double[] upper = current.upper().clone();
        boolean alpha = method == BoundMethod.ALPHA_CROWN && optimiseIntermediate;
        // plain CROWN passes of a layer's neurons on all cores, one whole pass per core: rows are
        // independent, and a pass's many short parallel steps left one core idle much of the time
        int cores = alpha ? 1 : Runtime.getRuntime().availableProcessors();
        int chunk = Math.max(1, Math.min(neuronsPerPass(), (unstable.length + cores - 1) / cores));
        int chunks = (unstable.length + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(k -> {
            int[] idx = Arrays.copyOfRange(unstable, k * chunk, Math.min(unstable.length, (k + 1) * chunk));
            int m = idx.length;
            double[] c = new double[2 * m * n];
            unitRows(idx, n, c, 0);
            Supplier<BackwardPass.Result> pass = () -> alpha
                ? AlphaCrown.lowerBounds(graph, v, c, 2 * m, inputs, bounds::get, run.settings(), rounding)
                : BackwardPass.run(graph, v, c, 2 * m, inputs, bounds::get, null, null, null, rounding, alphaSettings.deadline());
            // with partial work kept, neurons whose pass is cut short keep their current (known) bounds
            BackwardPass.Result r = known == null ? pass.get() : optimisedOrCut(pass, run);
            if (r != null) {
                refine(idx, r.lower(), 0, intersect, lower, upper);
            }
        });
        return new Interval(lower, upper);
    }

    /**
     * The most intermediate neurons a CROWN run bounds (the values feeding nodes whose relaxations read
     * their input bounds): its cost is about one backward pass per such neuron and side, so callers can
     * weigh it against evaluations before running it.
     *
     * @throws io.netverify.bounds.relax.NoRelaxationException when some operator has no relaxation
     */
    public long crownNeurons() {
        return graph.nodes().stream().flatMap(n -> n.outputs().stream()).filter(this::feedsNonlinear)
            .mapToLong(v -> graph.shape(v).size()).sum();
    }

    /** Whether value v feeds a node whose relaxation reads its input bounds (so CROWN refines them). */
    boolean feedsNonlinear(String v) {
        return graph.consumers(v).stream().anyMatch(n -> IntervalPropagation.relaxation(n).needsInputBounds());
    }

    /** The neurons of v that CROWN refines: those some nonlinear consumer finds unstable, all when more than 90% are. */
    int[] refinedNeurons(String v, Interval current) {
        int n = current.size();
        List<Relaxation> users = graph.consumers(v).stream().map(IntervalPropagation::relaxation)
            .filter(Relaxation::needsInputBounds).toList();
        int[] unstable = java.util.stream.IntStream.range(0, n)
            .filter(i -> users.stream().anyMatch(r -> r.needsRefinement(current.lower()[i], current.upper()[i]))).toArray();
        return unstable.length > ALL_NEURONS_FRACTION * n ? java.util.stream.IntStream.range(0, n).toArray() : unstable;
    }

    /** Whether CROWN bounds of v are intersected with its interval (see {@link Relaxation#intersectsInputBounds}). */
    boolean intersectsRefinement(String v) {
        return graph.consumers(v).stream().map(IntervalPropagation::relaxation)
            .filter(Relaxation::needsInputBounds).anyMatch(Relaxation::intersectsInputBounds);
    }

    /** Neurons refined by one pass (its coefficient matrix within MAX_PASS_DOUBLES, or MIN_NEURONS_PER_PASS neurons). */
    int neuronsPerPass() {
        long rowsSize = 2L * maxValueSize();
        return (int) Math.max(1, Math.max(MAX_PASS_DOUBLES / rowsSize, Math.min(MIN_NEURONS_PER_PASS, MEMORY_PASS_DOUBLES / rowsSize)));
    }

    /** Rows e_i for the neurons idx, then rows -e_i, at row {@code from} of {@code c} ({@code n} columns). */
    static void unitRows(int[] idx, int n, double[] c, int from) {
        int m = idx.length;
        for (int k = 0; k < m; k++) {
            c[(from + k) * n + idx[k]] = 1;
            c[(from + m + k) * n + idx[k]] = -1;
        }
    }

    /** Puts the bounds from the lower bounds of {@link #unitRows} (rows from.. of lb) into lower and upper. */
    static void refine(int[] idx, double[] lb, int from, boolean intersect, double[] lower, double[] upper) {
        int m = idx.length;
        for (int k = 0; k < m; k++) {
            double l = lb[from + k];
            double u = -lb[from + m + k];
            // a NaN bound from the pass carries no information: the current one stays
            lower[idx[k]] = Double.isNaN(l) ? lower[idx[k]] : intersect ? Math.max(lower[idx[k]], l) : l;
            upper[idx[k]] = Double.isNaN(u) ? upper[idx[k]] : intersect ? Math.min(upper[idx[k]], u) : u;
        }
    }

    /** IBP bounds of C y + d; when the output is a Linear node, C is folded into its weights first. */
    Bounds ibpBounds(Map<String, Interval> ibp, double[][] c, double[] d) {
        double[] lower = new double[c.length];
        double[] upper = new double[c.length];
        LinearFunctions.boundOfOutput(graph, ibp, c, d, lower, upper);
        return new Bounds(BoundMethod.IBP, lower, upper, ibp, null, null, false);
    }

    /** Rejects a box of the wrong dimension, empty or with NaN bounds. */
    static void checkBox(Graph graph, Interval box) {
        int n = graph.inputs().get(0).shape().size();
        if (box.size() != n) {
            throw new IllegalArgumentException("box has " + box.size() + " dimensions, the network input " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!(box.lower()[i] <= box.upper()[i])) {
                throw new IllegalArgumentException("empty or NaN box in dimension " + i);
            }
        }
    }

    int outputSize() {
        return graph.shape(graph.outputs().get(0)).size();
    }

    /**
     * The largest value a backward pass holds coefficients of: the input and node outputs only, as
     * constants (weights) never get any.
     */
    long maxValueSize() {
        return graph.computedValues().stream().mapToLong(v -> graph.shape(v).size()).max().orElse(1);
    }

    List<Node> nodes() {
        return graph.nodes();
    }
}
