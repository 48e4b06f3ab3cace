package io.netverify.bab.lp;

import io.netverify.bounds.Interval;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Split;
import io.netverify.onnx.Graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The triangle (Planet) LP relaxation of a ReLU network over one branch-and-bound domain: an input
 * box, sound intervals of the intermediate values and split constraints. Gives rigorous lower
 * bounds of {@code c.y} for the output y ({@link #minimise}), tighter intervals of chosen neurons
 * ({@link #tighten}), and moves to another domain of the same graph re-using the engine's last basis
 * ({@link #moveTo}). A domain whose LP is infeasible gets the bound +infinity only when
 * {@link InfeasibilityProof} proves it. When every ReLU is stable ({@link #exact}) the LP is the
 * network itself on the domain (up to rounding), so its minimum is the exact one. Bounds hold for
 * the network in real arithmetic and as the evaluator computes it (the rounding of its sums and of
 * folded constants is charged). ReLU, LeakyRelu and Abs are encoded. Not thread-safe; close it to
 * free the engine's memory.
 */
public final class PlanetLp implements AutoCloseable {
    private final Graph graph;
    private final PlanetEncoding encoding;
    private final LpSolver solver;
    private LpSession session;
    private Interval box;
    private PlanetEncoding.Domain domain;

    private PlanetLp(Graph graph, LpSolver solver) {
        this.graph = graph;
        this.encoding = new PlanetEncoding(graph);
        this.solver = solver;
    }

    /**
     * The LP of one domain. {@code intermediate} holds sound intervals of the graph's values (e.g.
     * {@code Bounds.intermediate()}); values it lacks get intervals by interval propagation. Throws
     * NoRelaxationException naming the first node the relaxation does not support.
     */
    public static PlanetLp build(Graph graph, Interval box, Map<String, Interval> intermediate, List<Split> splits,
                                 LpSolver solver) {
        PlanetLp lp = new PlanetLp(graph, solver);
        lp.moveTo(box, intermediate, splits);
        return lp;
    }

    /** Loads another domain of the same graph; the next solve starts from the engine's last basis. */
    public void moveTo(Interval box, Map<String, Interval> intermediate, List<Split> splits) {
        Map<String, Interval> bounds = domainBounds(box, intermediate, splits);
        this.box = box;
        this.domain = encoding.encode(bounds::get);
    }

    /** Whether the loaded domain is empty: its intervals and splits leave no point. */
    public boolean empty() {
        return domain == null;
    }

    /** Whether every ReLU is stable on the domain, so the LP is exact (no relaxation). */
    public boolean exact() {
        return domain != null && domain.unstable() == 0;
    }

    /** A rigorous lower bound of {@code min c.y} over the domain, y the flattened output. */
    public LpBound minimise(double[] c) {
        String out = graph.outputs().get(0);
        if (c.length != graph.shape(out).size()) {
            throw new IllegalArgumentException("objective has " + c.length + " coefficients, the output "
                + graph.shape(out).size() + " elements");
        }
        return minimiseOver(encoding.offset(out), c);
    }

    /**
     * A rigorous lower bound of {@code min max_k (c_k . y + offsets_k)} over the domain: the margin of
     * an unsafe region that is a conjunction of rows, which the rows may exclude only together. Solved
     * from scratch as {@code min t : t >= c_k . y + offsets_k}, t confined to the range the output's
     * intervals allow (finite, so the safe bound is too; it contains the optimum).
     */
    public LpBound minimiseMax(double[][] c, double[] offsets) {
        if (domain == null) {
            return LpBound.empty();
        }
        LpProblem base = domain.problem();
        int o = encoding.offset(graph.outputs().get(0));
        int n = base.variableCount();
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c.length; k++) {
            double lo = offsets[k];
            double hi = offsets[k];
            for (int j = 0; j < c[k].length; j++) {
                double a = c[k][j];
                lo += Math.min(a * base.lower()[o + j], a * base.upper()[o + j]);
                hi += Math.max(a * base.lower()[o + j], a * base.upper()[o + j]);
            }
            low = Math.max(low, lo);
            high = Math.max(high, hi);
        }
        // widened generously against the rounding of the sums above: a wider range never cuts the optimum
        double slack = 1e-6 * (1 + Math.abs(low) + Math.abs(high));
        if (!Double.isFinite(low - slack) || !Double.isFinite(high + slack)) {
            return new LpBound(Double.NEGATIVE_INFINITY, LpStatus.OTHER, Double.NaN, null);
        }
        LpBuilder b = new LpBuilder();
        for (int j = 0; j < n; j++) {
            b.variable(base.lower()[j], base.upper()[j]);
        }
        int t = b.variable(low - slack, high + slack + 1);
        b.objective(t, 1);
        for (int i = 0; i < base.rowCount(); i++) {
            for (int e = base.rowStart()[i]; e < base.rowStart()[i + 1]; e++) {
                b.term(base.columns()[e], base.values()[e]);
            }
            b.endRow(base.rowLower()[i], base.rowUpper()[i]);
        }
        for (int k = 0; k < c.length; k++) {
            b.term(t, 1);
            for (int j = 0; j < c[k].length; j++) {
                if (c[k][j] != 0) {
                    b.term(o + j, -c[k][j]);
                }
            }
            b.endRow(offsets[k], Double.POSITIVE_INFINITY);
        }
        return solveAlone(b.build());
    }

    private LpBound solveAlone(LpProblem p) {
        return answer(p, solver.solve(p));
    }

    /** The rigorous bound behind an engine's answer. */
    private LpBound answer(LpProblem p, LpResult r) {
        double bound = r.duals() == null ? Double.NEGATIVE_INFINITY : SafeLpBound.of(p, r.duals());
        if (r.status() == LpStatus.INFEASIBLE && InfeasibilityProof.proves(p, solver)) {
            bound = Double.POSITIVE_INFINITY;
        }
        return new LpBound(bound, r.status(), r.objective(), r.x() == null ? null : input(r.x()));
    }

    /**
     * Intervals of value {@code value} with the elements {@code indices} tightened to their LP
     * minimum and maximum (each a rigorous bound, intersected with the current interval).
     */
    public Interval tighten(String value, Interval current, int[] indices) {
        double[] lower = current.lower().clone();
        double[] upper = current.upper().clone();
        int o = encoding.offset(value);
        for (int k : indices) {
            // comparisons, not max/min: a bound that is NaN proves nothing and must not replace one
            double min = minimiseOver(o + k, new double[] {1}).lowerBound();
            double max = -minimiseOver(o + k, new double[] {-1}).lowerBound();
            if (min > lower[k]) {
                lower[k] = min;
            }
            if (max < upper[k]) {
                upper[k] = max;
            }
        }
        return new Interval(lower, upper);
    }

    private LpBound minimiseOver(int from, double[] c) {
        if (domain == null) {
            return LpBound.empty();
        }
        double[] objective = new double[encoding.variableCount()];
        System.arraycopy(c, 0, objective, from, c.length);
        LpProblem p = domain.problem().withObjective(objective);
        LpResult r;
        if (session == null) {
            session = solver.open(p);
            r = session.solve();
        } else {
            r = session.solve(p);
        }
        return answer(p, r);
    }

    private double[] input(double[] x) {
        double[] in = new double[box.size()];
        int o = encoding.offset(graph.inputs().get(0).name());
        for (int i = 0; i < in.length; i++) {
            in[i] = Math.min(box.upper()[i], Math.max(box.lower()[i], x[o + i]));
        }
        return in;
    }

    /** The intervals of the domain: intermediate ones (or IBP's), the box, and the splits. */
    private Map<String, Interval> domainBounds(Interval box, Map<String, Interval> intermediate, List<Split> splits) {
        Map<String, Interval> bounds = new HashMap<>(intermediate);
        String in = graph.inputs().get(0).name();
        bounds.put(in, bounds.containsKey(in) ? bounds.get(in).intersect(box) : box);
        boolean complete = graph.values().keySet().stream().allMatch(v -> graph.isConstant(v) || bounds.containsKey(v));
        if (!complete) {
            // IBP with its rounding margins, which charge the evaluator's sums and folded constants as the rows do
            BoundPropagator.of(graph).method(BoundMethod.IBP).compute(box).intermediate().forEach(bounds::putIfAbsent);
        }
        for (Split s : splits) {
            Interval iv = bounds.get(s.value());
            if (iv == null) {
                throw new IllegalArgumentException("split on unknown value '" + s.value() + "'");
            }
            bounds.put(s.value(), s.restrict(iv));
        }
        return bounds;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
