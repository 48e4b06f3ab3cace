package io.netverify.verifier;

import io.netverify.bab.RegionRows;
import io.netverify.bab.lp.LpProblem;
import io.netverify.bab.lp.LpSession;
import io.netverify.bab.lp.LpSolver;
import io.netverify.bab.lp.LpSolvers;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.EnumWords;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Tries to prove one case of a spec by bound propagation alone: each unsafe polytope {@code C y <= d}
 * is excluded when some row's margin {@code c.y - d} has a positive lower bound over the box (a box
 * that contains the case's input region, so extra input constraints only shrink it), or its rows'
 * linear bounds together exclude it ({@link RegionRows#regionBound(double[], double[], double[],
 * Interval, int, LpSolver)}). IBP, then CROWN, then alpha-CROWN (within {@link #ALPHA_CROWN_SHARE} of
 * the time left), each on the polytopes still open; a polytope's bound is the best any of them gave.
 * alpha-CROWN cut short at its share keeps what it optimised ({@link BoundPropagator#keepPartial}, over
 * the previous method's intermediate bounds), so branch and bound starts from those bounds.
 * A proof can stop and go on later ({@link #proveRowByRow}, {@link #proveFurther}): the methods already
 * run are not run again.
 */
final class BoundProof {
    /**
     * The outcome: whether every polytope is excluded, the least lower bound of the open ones' margins,
     * the polytopes left open, and the intermediate bounds of the last (tightest) method run, for
     * branch and bound to start from (null when none ran); to go on from ({@link #proveFurther}): each open
     * polytope's best margin bound, the last method's bounds of their rows (null when none ran), and
     * whether those rows are still to be bounded together (the proof went row by row).
     */
    record Outcome(boolean proved, double worstMargin, List<OutputPolytope> open, Map<String, Interval> intermediate,
                   double[] openBounds, Bounds last, boolean jointRowsLeft) {
    }

    /**
     * The share of the time left that alpha-CROWN may take: optimising every intermediate layer can take
     * minutes on large networks (a vision transformer's bilinear products), and branch and bound needs
     * the rest.
     */
    static final double ALPHA_CROWN_SHARE = 0.6;

    private BoundProof() {
    }

    /** Tries the given methods in order, each on the polytopes the previous ones left open. */
    static Outcome prove(Graph graph, SpecCase sc, List<BoundMethod> methods, long deadline, Consumer<String> progress) {
        return prove(graph, sc, sc.polytopes(), methods, deadline, progress);
    }

    /** As {@link #prove(Graph, SpecCase, List, long, Consumer)}, on the polytopes {@code open} of the case only. */
    static Outcome prove(Graph graph, SpecCase sc, List<OutputPolytope> polytopes, List<BoundMethod> methods, long deadline,
                         Consumer<String> progress) {
        return prove(graph, sc, polytopes, methods, deadline, progress, UnaryOperator.identity());
    }

    /**
     * As {@link #prove(Graph, SpecCase, List, List, long, Consumer)}, each propagator passing through
     * {@code configure} first (tests cut alpha-CROWN short deterministically with {@link BoundPropagator#alphaSteps}).
     */
    static Outcome prove(Graph graph, SpecCase sc, List<OutputPolytope> polytopes, List<BoundMethod> methods, long deadline,
                         Consumer<String> progress, UnaryOperator<BoundPropagator> configure) {
        return run(graph, sc, start(polytopes), methods, true, deadline, progress, configure);
    }

    /**
     * As {@link #prove(Graph, SpecCase, List, long, Consumer)}, but each polytope by its rows one at a time: no
     * LP, whose engine takes longer to load than a quick attack on a small network takes to run. Where this
     * leaves a polytope of several rows open, {@link #proveFurther} bounds its rows together first.
     */
    static Outcome proveRowByRow(Graph graph, SpecCase sc, List<BoundMethod> methods, long deadline, Consumer<String> progress) {
        return run(graph, sc, start(sc.polytopes()), methods, false, deadline, progress, UnaryOperator.identity());
    }

    /**
     * Goes on from {@code from} (an outcome of the same case): the rows of its open polytopes bounded together
     * where it went row by row, then {@code methods} (none of those already run) on what is still open,
     * alpha-CROWN over the last method's bounds. When every method is cut short, the open polytopes and
     * intermediate bounds are {@code from}'s.
     */
    static Outcome proveFurther(Graph graph, SpecCase sc, Outcome from, List<BoundMethod> methods, long deadline,
                                Consumer<String> progress) {
        Outcome o = from;
        if (from.jointRowsLeft()) {
            Interval box = new Interval(sc.box().lower(), sc.box().upper());
            RegionRows rows = rowsOf(graph, from.open());
            o = exclude(from.open(), from.openBounds(), from.last(), rows, box, new LazyLpSolver(deadline), false);
            if (o.open().size() < from.open().size()) {
                progress.accept("bounds: " + EnumWords.word(from.last().method()) + "'s rows together exclude "
                    + (from.open().size() - o.open().size()) + " more of " + sc.polytopes().size() + " unsafe regions");
            }
        }
        return o.proved() ? o : run(graph, sc, o, methods, true, deadline, progress, UnaryOperator.identity());
    }

    /** Nothing excluded yet. */
    private static Outcome start(List<OutputPolytope> polytopes) {
        double[] none = new double[polytopes.size()];
        Arrays.fill(none, Double.NEGATIVE_INFINITY);
        return new Outcome(polytopes.isEmpty(), polytopes.isEmpty() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY,
            polytopes, null, none, null, false);
    }

    /** The methods in order from {@code from}; {@code joint}: whether a polytope's rows may be bounded together. */
    private static Outcome run(Graph graph, SpecCase sc, Outcome from, List<BoundMethod> methods, boolean joint, long deadline,
                               Consumer<String> progress, UnaryOperator<BoundPropagator> configure) {
        Interval box = new Interval(sc.box().lower(), sc.box().upper());
        LpSolver solver = joint ? new LazyLpSolver(deadline) : null;
        Outcome o = from;
        for (BoundMethod m : methods) {
            if (o.proved() || System.nanoTime() - deadline >= 0) {
                break;
            }
            RegionRows rows = rowsOf(graph, o.open());
            long now = System.nanoTime();
            long until = m == BoundMethod.ALPHA_CROWN ? now + (long) (ALPHA_CROWN_SHARE * (deadline - now)) : deadline;
            BoundPropagator propagator = BoundPropagator.of(graph).method(m).deadline(until);
            if (m == BoundMethod.ALPHA_CROWN && o.last() != null) {
                propagator.keepPartial(o.last(), deadline);
            }
            Bounds b = configure.apply(propagator).compute(box, rows.c(), rows.offsets());
            if (b.partial()) {
                progress.accept("bounds: " + EnumWords.word(m) + " stopped at its time share, its partial bounds kept");
            }
            if (b.method() != m) {
                // cut short by its deadline, the propagator fell back to interval bounds: keep the last method's, and
                // skip the costlier ones after it, which would not finish either (the time is left to the search)
                progress.accept("bounds: " + EnumWords.word(m) + " stopped at its time share");
                break;
            }
            o = exclude(o.open(), o.openBounds(), b, rows, box, solver, !joint);
            // concatenated, not formatted: the first String.format of a process costs more than a small network's bounds
            progress.accept("bounds: " + EnumWords.word(m) + " excludes " + (sc.polytopes().size() - o.open().size()) + " of "
                + sc.polytopes().size() + " unsafe regions");
            if (o.proved()) {
                break;
            }
        }
        return o;
    }

    /**
     * The polytopes of {@code open} that bounds {@code b} of their rows ({@code rows}) leave open, each with the
     * best of its bound {@code best} so far and its bound from b (rows together where {@code solver} is given).
     */
    private static Outcome exclude(List<OutputPolytope> open, double[] best, Bounds b, RegionRows rows,
                                   Interval box, LpSolver solver, boolean jointRowsLeft) {
        List<OutputPolytope> still = new ArrayList<>();
        double[] stillBest = new double[open.size()];
        int[] kept = new int[open.size()];
        double worst = Double.POSITIVE_INFINITY;
        for (int i = 0; i < open.size(); i++) {
            double bound = Math.max(best[i], solver == null ? rows.regionBound(b.lower(), i)
                : rows.regionBound(b.lower(), b.linearLower(), b.inputCoefficients(), box, i, solver));
            if (!(bound > 0)) {
                stillBest[still.size()] = bound;
                kept[still.size()] = i;
                still.add(open.get(i));
                worst = Math.min(worst, bound);
            }
        }
        int n = still.size();
        Bounds last = rowsOf(b, rows, Arrays.copyOf(kept, n));
        return new Outcome(n == 0, worst, List.copyOf(still), b.intermediate(), Arrays.copyOf(stillBest, n), last,
            jointRowsLeft && n > 0);
    }

    /** The stacked margin rows of {@code polytopes}, in order. */
    private static RegionRows rowsOf(Graph graph, List<OutputPolytope> polytopes) {
        return RegionRows.of(BranchAndBoundProof.regions(graph, polytopes), IntStream.range(0, polytopes.size()).toArray());
    }

    /**
     * b's row bounds of the regions {@code kept} (ascending) of {@code rows} alone, with its intermediate bounds and
     * the linear lower bounds of those rows.
     */
    static Bounds rowsOf(Bounds b, RegionRows rows, int[] kept) {
        int[] keep = rows.rowsOf(kept);
        double[] lower = IntStream.of(keep).mapToDouble(k -> b.lower()[k]).toArray();
        double[] upper = IntStream.of(keep).mapToDouble(k -> b.upper()[k]).toArray();
        double[] linearLower = b.linearLower() == null ? null : IntStream.of(keep).mapToDouble(k -> b.linearLower()[k]).toArray();
        double[] coefficients = null;
        if (b.inputCoefficients() != null) {
            int n = b.inputCoefficients().length / b.lower().length;
            coefficients = new double[keep.length * n];
            for (int r = 0; r < keep.length; r++) {
                System.arraycopy(b.inputCoefficients(), keep[r] * n, coefficients, r * n, n);
            }
        }
        return new Bounds(b.method(), lower, upper, b.intermediate(), coefficients, linearLower, b.partial());
    }

    /**
     * The best LP engine, chosen and loaded at the first LP: most proofs need none, and loading OR-Tools
     * (unpacking its native libraries) is a large part of a short run's start-up.
     */
    private static final class LazyLpSolver implements LpSolver {
        private final long deadline;
        private LpSolver engine;

        LazyLpSolver(long deadline) {
            this.deadline = deadline;
        }

        private LpSolver engine() {
            if (engine == null) {
                engine = LpSolvers.best().until(deadline);
            }
            return engine;
        }

        @Override
        public String name() {
            return engine().name();
        }

        @Override
        public LpSolver until(long deadlineNanos) {
            return new LazyLpSolver(deadlineNanos);
        }

        @Override
        public LpSession open(LpProblem problem) {
            return engine().open(problem);
        }
    }
}
