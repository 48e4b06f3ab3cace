package io.netverify.bounds;

import io.netverify.bounds.relax.OutwardRounding;
import io.netverify.bounds.relax.RowWindows;
import io.netverify.bounds.relax.Rows;
import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Broadcast;
import io.netverify.onnx.passes.GraphPass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bound on the float64 rounding error of a backward pass, subtracted from each row's lower bound.
 *
 * <p>A step computes {@code A_in = A_out J} and adds {@code A_out c} to the bias with dot products of
 * at most N terms (N = the node's total input size), so each entry is off by at most
 * {@code gamma_N |A_out| |J|} (gamma_N = N u / (1 - N u), u = 2^-53). The effect on the final bound is
 * that error times the values it multiplies, which {@code |J| M_in + |c|} bounds, where M are the
 * magnitudes of every value over the box: interval propagation of the symmetric box [-M, M] gives
 * exactly {@code |J| M_in + |c|} for linear nodes and a magnitude bound for nonlinear ones. Errors of
 * later steps act on linearised values whose magnitude may exceed M, hence a safety factor. The
 * final minimisation over the box and the bias sum add gamma terms of their own.
 *
 * <p>Products that underflow lose up to {@code 2^-1075 < eta = 2^-1074} each, whatever their size: a
 * coefficient {@code 1e-178} times a slope {@code 5.7e-147} becomes 0, and the term it should
 * have contributed (times an input near {@code 7.8e291}) is {@code 4.4e-33}. So each step also adds
 * {@code (N + outputs) eta (1 + sum M_in)}, and the concretisation {@code (inputs + steps + 2) eta}.
 *
 * <p>Magnitudes only need to bound |v|, so those computed from looser intervals (the root's of a
 * branch-and-bound domain) stay valid for tighter ones: an instance with fixed intervals may serve
 * every domain of its box, from several threads.
 */
final class RoundingError {
    private static final double SAFETY = 4;
    /** Partial sums of {@link #absDot}. */
    private static final int LANES = 8;
    /**
     * The least subnormal, twice what a product may lose absolutely, besides its relative error,
     * when it underflows (additions below the normal range are exact).
     */
    private static final double ETA = Double.MIN_VALUE;
    /**
     * [-|c|, |c|] of constants per graph (held weakly), shared by all instances; read-only. A graph is
     * a snapshot: a changed weight makes a new graph ({@link Graph#withConstant}), with its own entry.
     */
    private static final Map<Graph, Map<String, Interval>> CONSTANTS = new WeakHashMap<>();

    private final Graph graph;
    /** Boxes containing the graph's inputs' sets, by input name. */
    private final Map<String, Interval> inputs;
    /** Filled on demand; concurrent, so that the domains of one root box can share one instance. */
    private final Map<String, double[]> magnitude = new ConcurrentHashMap<>();

    /** Intervals the magnitudes of nonlinear outputs come from, or null for those each call passes. */
    private final Function<String, Interval> fixed;

    RoundingError(Graph graph, Interval box) {
        this(graph, box, null);
    }

    /**
     * Magnitudes from {@code intervals} (sound over the box) whatever intervals a call passes: valid for
     * every domain of the box whose intervals are within these, so one instance can serve them all.
     */
    RoundingError(Graph graph, Interval box, Function<String, Interval> intervals) {
        this(graph, Map.of(graph.inputs().get(0).name(), box), intervals);
    }

    /** Magnitudes for a graph with several inputs, each within its box (by input name). */
    RoundingError(Graph graph, Map<String, Interval> inputs, Function<String, Interval> intervals) {
        this.graph = graph;
        this.inputs = inputs;
        this.fixed = intervals;
    }

    /**
     * A bound on |v| over the box, and for linear nodes on |J| M_in + |c| (interval propagation of the
     * inputs' symmetric magnitudes); nonlinear outputs use their sound interval from {@code bounds}.
     */
    private double[] magnitude(String value, Function<String, Interval> given) {
        double[] m = magnitude.get(value);
        if (m != null) {
            return m;
        }
        Function<String, Interval> bounds = fixed != null ? fixed : given;
        Node p = graph.producer(value);
        Interval iv;
        if (graph.isConstant(value)) {
            m = constantRange(graph, value).upper();
            magnitude.put(value, m);
            return m;
        } else if (p == null) {
            iv = inputs.get(value);
        } else if (IntervalPropagation.relaxation(p).needsInputBounds()) {
            iv = bounds.apply(value);
        } else {
            List<Interval> ins = new ArrayList<>();
            for (String in : p.inputs()) {
                ins.add(in.isEmpty() ? null : symmetricMagnitude(in, bounds));
            }
            List<Interval> outs = IntervalPropagation.relaxation(p).interval(p, ins, graph);
            for (int o = 0; o < outs.size() && o < p.outputs().size(); o++) {
                magnitude.put(p.outputs().get(o), withFolded(p, absMax(outs.get(o))));
            }
            return magnitude.get(value);
        }
        m = absMax(iv);
        magnitude.put(value, m);
        return m;
    }

    /**
     * [-|c|, |c|] of a constant (weights, biases), computed once per graph: every call of every box
     * needs the same, and a large layer's weights are megabytes.
     */
    private static Interval constantRange(Graph graph, String value) {
        synchronized (CONSTANTS) {
            return CONSTANTS.computeIfAbsent(graph, g -> new HashMap<>())
                .computeIfAbsent(value, v -> symmetric(absMax(Interval.of(graph.constant(v)))));
        }
    }

    /** The symmetric interval of value's magnitudes, the input of a linear node's magnitude propagation. */
    private Interval symmetricMagnitude(String value, Function<String, Interval> bounds) {
        return graph.isConstant(value) ? constantRange(graph, value) : symmetric(magnitude(value, bounds));
    }

    private static Interval symmetric(double[] m) {
        double[] neg = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            neg[i] = -m[i];
        }
        return new Interval(neg, m);
    }

    /**
     * The magnitude of a node's output plus the magnitude of the terms normalisation folded into its
     * bias ({@link GraphPass#FOLDED_MAGNITUDE}): the folded bias is rounded, with an error up to
     * gamma of that sum, which may be far more than gamma of the bias itself where its terms cancel.
     */
    private double[] withFolded(Node p, double[] m) {
        Tensor folded = p.attributes().getTensor(GraphPass.FOLDED_MAGNITUDE);
        if (folded == null) {
            return m;
        }
        int[] index = Broadcast.indexMap(folded.shape(), graph.shape(p.output()));
        for (int i = 0; i < m.length; i++) {
            m[i] += folded.get(index[i]);
        }
        return m;
    }

    private static double[] absMax(Interval v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(Math.abs(v.lower()[i]), Math.abs(v.upper()[i]));
        }
        return a;
    }

    /**
     * Computes the magnitudes of value v for many boxes (this graph's, one RoundingError each) at once,
     * as {@link #magnitude} would box by box, so {@link #widen} finds them: for a linear node's output,
     * one batched interval propagation of its inputs' magnitudes; a constant's magnitude once for all.
     */
    static void prepare(String value, List<RoundingError> errors, List<? extends Function<String, Interval>> bounds) {
        Graph graph = errors.get(0).graph;
        Node p = graph.producer(value);
        if (p == null || IntervalPropagation.relaxation(p).needsInputBounds() || errors.get(0).magnitude.containsKey(value)) {
            return;
        }
        List<List<Interval>> ins = new ArrayList<>();
        for (int b = 0; b < errors.size(); b++) {
            List<Interval> mine = new ArrayList<>();
            for (String in : p.inputs()) {
                mine.add(in.isEmpty() ? null : errors.get(b).symmetricMagnitude(in, bounds.get(b)));
            }
            ins.add(mine);
        }
        List<List<Interval>> outs = IntervalPropagation.relaxation(p).intervals(p, ins, graph);
        for (int b = 0; b < errors.size(); b++) {
            for (int o = 0; o < outs.get(b).size() && o < p.outputs().size(); o++) {
                errors.get(b).magnitude.put(p.outputs().get(o), errors.get(b).withFolded(p, absMax(outs.get(b).get(o))));
            }
        }
    }

    /**
     * An interval of a linear node's output widened by the rounding error of computing it from its
     * inputs: the same {@code gamma_N (|J| M_in + |c|)} bound, applied to interval propagation.
     */
    Interval widen(String value, Interval iv, Function<String, Interval> bounds) {
        Node p = graph.producer(value);
        if (p == null || IntervalPropagation.relaxation(p).needsInputBounds()) {
            // nonlinear relaxations round their own ranges outward (and must keep e.g. sigmoid >= 0)
            return iv;
        }
        double[] m = magnitude(value, bounds);
        double g = SAFETY * OutwardRounding.gamma(fanIn(p));
        double[] l = new double[iv.size()];
        double[] u = new double[iv.size()];
        for (int i = 0; i < l.length; i++) {
            double e = g * m[i];
            l[i] = OutwardRounding.lowerBound(Math.nextDown(iv.lower()[i] - e));
            u[i] = OutwardRounding.upperBound(Math.nextUp(iv.upper()[i] + e));
        }
        return new Interval(l, u);
    }

    private long fanIn(Node n) {
        long fanIn = 2;
        for (String in : n.inputs()) {
            fanIn += in.isEmpty() ? 0 : graph.shape(in).size();
        }
        return fanIn;
    }


    /** Adds the error of one node's backward step for every row into {@code err}. */
    void addStep(Node n, double[][] outCoefficients, int rows, double[] err, Function<String, Interval> bounds) {
        addStep(n, outCoefficients, new RowWindows[outCoefficients.length], 0, rows, err, bounds);
    }

    /**
     * {@link #addStep} for rows {@code from..from+rows-1} of stacked coefficients (those of this box),
     * reading of each output's rows only their windows where known (null: whole rows); the sums are
     * the whole rows' bit for bit (the terms outside are zeros).
     */
    void addStep(Node n, double[][] outCoefficients, RowWindows[] windows, int from, int rows, double[] err,
                 Function<String, Interval> bounds) {
        double g = SAFETY * OutwardRounding.gamma(fanIn(n));
        long terms = fanIn(n);
        for (int o = 0; o < outCoefficients.length; o++) {
            double[] a = outCoefficients[o];
            if (a == null) {
                continue;
            }
            double[] m = magnitude(n.outputs().get(o), bounds);
            int size = m.length;
            terms += size;
            RowWindows w = windows[o];
            Rows.range(rows, size).map(k -> from + k).forEach(k -> err[k] += g * (w == null || !w.narrow(k)
                ? absDot(a, k * size, m) : absDot(a, k * size, m, w.runs(k, LANES))));
        }
        double underflow = SAFETY * terms * ETA * (1 + inputMagnitudes(n, bounds));
        for (int k = from; k < from + rows; k++) {
            err[k] += underflow;
        }
    }

    /**
     * Sum of the magnitudes of every element of n's computed inputs: what the absolute underflow
     * errors of a step's new coefficients multiply.
     */
    private double inputMagnitudes(Node n, Function<String, Interval> bounds) {
        double sum = 0;
        for (String in : n.inputs()) {
            if (!in.isEmpty() && !graph.isConstant(in)) {
                for (double m : magnitude(in, bounds)) {
                    sum += m;
                }
            }
        }
        return sum;
    }

    /**
     * Adds the error of minimising {@code a x} over the box and of the bias sum, for rows
     * {@code from..from+rows-1}: {@code magnitude[k] = sum_j |a_kj| max(|l_j|, |u_j|)} bounds the
     * terms' sum of absolute values, as {@link BoxMinimum#add} computes it in the same sweep as the
     * minimum (0 where the function does not depend on the input).
     */
    void addConcretization(double[] magnitude, int from, int rows, int inputs, double[] bias, int steps, double[] err) {
        double g = SAFETY * OutwardRounding.gamma(inputs + steps + 2);
        double underflow = SAFETY * (inputs + steps + 2) * ETA;
        for (int k = from; k < from + rows; k++) {
            err[k] += g * (Math.abs(bias[k]) + magnitude[k]) + underflow;
        }
    }

    /**
     * {@code sum_j |a[base + j]| m[j]} in eight partial sums (independent additions pipeline; every
     * term is nonnegative, so any order gives the sum up to a relative n u, which SAFETY covers).
     */
    private static double absDot(double[] a, int base, double[] m) {
        return absDot(a, base, m, new int[] {0, m.length - m.length % LANES});
    }

    /**
     * As {@link #absDot(double[], int, double[])} over the row's index ranges {@code runs} (pairs
     * [from, to), multiples of the lanes, ascending; see {@link RowWindows#runs}), then its tail past
     * the last multiple of the lanes: the same sums when the row is zero outside the ranges.
     */
    private static double absDot(double[] a, int base, double[] m, int[] runs) {
        int n = m.length;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int r = 0; r < runs.length; r += 2) {
            for (int j = runs[r]; j < runs[r + 1]; j += LANES) {
                s0 += Math.abs(a[base + j]) * m[j];
                s1 += Math.abs(a[base + j + 1]) * m[j + 1];
                s2 += Math.abs(a[base + j + 2]) * m[j + 2];
                s3 += Math.abs(a[base + j + 3]) * m[j + 3];
                s4 += Math.abs(a[base + j + 4]) * m[j + 4];
                s5 += Math.abs(a[base + j + 5]) * m[j + 5];
                s6 += Math.abs(a[base + j + 6]) * m[j + 6];
                s7 += Math.abs(a[base + j + 7]) * m[j + 7];
            }
        }
        for (int j = n - n % LANES; j < n; j++) {
            s0 += Math.abs(a[base + j]) * m[j];
        }
        double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        // NaN only from 0 * an unbounded magnitude, a term that is 0: sum again without those (rare)
        return Double.isNaN(sum) ? absDotSkippingZeros(a, base, m) : sum;
    }

    private static double absDotSkippingZeros(double[] a, int base, double[] m) {
        double s = 0;
        for (int j = 0; j < m.length; j++) {
            if (a[base + j] != 0) {
                s += Math.abs(a[base + j]) * m[j];
            }
        }
        return s;
    }
}
