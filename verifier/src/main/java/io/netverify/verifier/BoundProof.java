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
import java.util.Collections;
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
 */
final class BoundProof {
    /**
     * The outcome: whether every polytope is excluded, the least lower bound of the open ones' margins,
     * the polytopes left open, and the intermediate bounds of the last (tightest) method run, for
     * branch and bound to start from (null when none ran).
     */
    record Outcome(boolean proved, double worstMargin, List<OutputPolytope> open,
                   Map<String, Interval> intermediate) {
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
        Interval box = new Interval(sc.box().lower(), sc.box().upper());
        LpSolver solver = new LazyLpSolver(deadline);
        List<OutputPolytope> open = new ArrayList<>(polytopes);
        // per open polytope, the best lower bound of its margin so far
        List<Double> best = new ArrayList<>(Collections.nCopies(open.size(), Double.NEGATIVE_INFINITY));
        double worst = Double.NEGATIVE_INFINITY;
        Map<String, Interval> intermediate = null;
        // the last method's bounds, sliced to the rows of the polytopes still open
        Bounds last = null;
        for (BoundMethod m : methods) {
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            RegionRows rows = RegionRows.of(BranchAndBoundProof.regions(graph, open), IntStream.range(0, open.size()).toArray());
            long now = System.nanoTime();
            long until = m == BoundMethod.ALPHA_CROWN ? now + (long) (ALPHA_CROWN_SHARE * (deadline - now)) : deadline;
            BoundPropagator propagator = BoundPropagator.of(graph).method(m).deadline(until);
            if (m == BoundMethod.ALPHA_CROWN && last != null) {
                propagator.keepPartial(last, deadline);
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
            intermediate = b.intermediate();
            List<OutputPolytope> still = new ArrayList<>();
            List<Double> stillBest = new ArrayList<>();
            List<Integer> kept = new ArrayList<>();
            worst = Double.POSITIVE_INFINITY;
            for (int i = 0; i < open.size(); i++) {
                double bound = Math.max(best.get(i), rows.regionBound(b.lower(), b.linearLower(), b.inputCoefficients(), box, i, solver));
                if (!(bound > 0)) {
                    still.add(open.get(i));
                    stillBest.add(bound);
                    kept.add(i);
                    worst = Math.min(worst, bound);
                }
            }
            progress.accept(String.format("bounds: %s excludes %d of %d unsafe regions", EnumWords.word(m),
                sc.polytopes().size() - still.size(), sc.polytopes().size()));
            open = still;
            best = stillBest;
            last = rowsOf(b, rows, kept.stream().mapToInt(Integer::intValue).toArray());
            if (open.isEmpty()) {
                return new Outcome(true, Double.POSITIVE_INFINITY, open, intermediate);
            }
        }
        return new Outcome(false, worst, open, intermediate);
    }

    /** b's row bounds of the regions {@code kept} (ascending) of {@code rows} alone, with its intermediate bounds. */
    static Bounds rowsOf(Bounds b, RegionRows rows, int[] kept) {
        int[] keep = rows.rowsOf(kept);
        double[] lower = IntStream.of(keep).mapToDouble(k -> b.lower()[k]).toArray();
        double[] upper = IntStream.of(keep).mapToDouble(k -> b.upper()[k]).toArray();
        return new Bounds(b.method(), lower, upper, b.intermediate(), null, null, b.partial());
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
