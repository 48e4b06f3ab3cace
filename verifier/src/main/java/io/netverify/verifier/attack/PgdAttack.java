package io.netverify.verifier.attack;

import io.netverify.bounds.Interval;
import io.netverify.bounds.LocalLinearization;
import io.netverify.bounds.relax.NoRelaxationException;
import io.netverify.onnx.Evaluator;
import io.netverify.verifier.spec.InputConstraints;
import io.netverify.verifier.spec.OutputPolytope;
import io.netverify.verifier.spec.SpecCase;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Projected gradient descent on a case's violation objective: for an unsafe polytope
 * {@code C y <= d} the objective is {@code max_k (c_k y - d_k)}, at most 0 inside it. Each run
 * starts from a point (the given ones, the box centre, then uniform random points) and takes signed
 * gradient steps of the worst row, scaled per input by the box width and decaying (cosine) to nearly
 * nothing, projected back onto the box. The first step is a quarter of the width, or 1/16 or 1/64 of
 * it in every second and third run: large steps explore corners, small ones follow narrow valleys
 * (some ACAS Xu counterexamples are only found by the latter). Where the gradient is zero (ReLU
 * nets have plateaus where a whole layer is off) the step takes random signs, so the run does not
 * stall. Runs alternate between following whichever polytope is closest to violation at each step
 * and targeting one polytope throughout (the polytopes in turn), as targeted attacks on each wrong
 * class do for robustness specs. While x breaks the case's extra input constraints it steps on
 * their violation instead. Gradients come from {@link LocalLinearization}. Deterministic per seed;
 * proves nothing.
 */
public final class PgdAttack {
    /** Steps of one run; the step size decays over them. */
    private static final int STEPS = 50;
    /** The first step of a run, as a fraction of the box width, cycled over runs. */
    private static final double[] FIRST_STEPS = {1.0 / 4, 1.0 / 16, 1.0 / 64};

    private final Evaluator evaluator;
    private final LocalLinearization linearization;
    private final long seed;
    /** Whether some gradient step of the searches so far had a non-zero gradient. */
    private boolean sawGradient;
    /** Whether the searches so far computed any gradient (a search cut off at once computes none). */
    private boolean computedGradient;
    /**
     * Whether the linearisation failed on a node form its relaxation does not support (found only when
     * bounds first reach the node): the steps are random from then on, as on a plateau.
     */
    private boolean noGradients;

    public PgdAttack(Evaluator evaluator, LocalLinearization linearization, long seed) {
        this.evaluator = evaluator;
        this.linearization = linearization;
        this.seed = seed;
    }

    /**
     * Searches the case's input region until {@code deadlineNanos} (System.nanoTime) or
     * {@code maxSteps} gradient steps; returns an input inside the region whose output lies in an
     * unsafe polytope (compared in float64), if one was found. The box searched is the one rounded
     * outwards, so the input may lie a rounding step outside the file's box: the caller confirms it
     * with {@link io.netverify.verifier.spec.Specification#counterexampleNear}.
     *
     * @param starts points of the box to start the first runs from (e.g. the best of a sampling attack)
     */
    public Optional<double[]> search(SpecCase sc, List<double[]> starts, long deadlineNanos, int maxSteps) {
        Random rnd = new Random(seed);
        double[] l = sc.box().lower();
        double[] u = sc.box().upper();
        Interval region = new Interval(l, u);
        int n = l.length;
        int steps = 0;
        for (int run = 0; ; run++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double p = run < starts.size() ? starts.get(run)[i]
                    : run == starts.size() ? l[i] + (u[i] - l[i]) / 2 : l[i] + rnd.nextDouble() * (u[i] - l[i]);
                x[i] = Math.min(u[i], Math.max(l[i], p));
            }
            OutputPolytope target = run % 2 == 0 ? null : sc.polytopes().get(run / 2 % sc.polytopes().size());
            for (int t = 0; ; t++) {
                if (steps++ >= maxSteps || System.nanoTime() - deadlineNanos >= 0) {
                    return Optional.empty();
                }
                double[] y = evaluator.evaluate(x);
                boolean feasible = sc.inputConstraints().satisfiedBy(x);
                if (feasible && sc.margin(y) <= 0) {
                    return Optional.of(x);
                }
                if (t == STEPS) {
                    break;
                }
                double[] g = feasible ? rowGradient(x, region, target != null ? target : closest(sc, y), y)
                    : violationGradient(sc.inputConstraints(), x);
                double step = FIRST_STEPS[run % FIRST_STEPS.length] * 0.5 * (1 + Math.cos(Math.PI * t / STEPS));
                boolean flat = isZero(g);
                computedGradient = true;
                sawGradient |= !flat;
                for (int i = 0; i < n; i++) {
                    double sign = flat ? (rnd.nextBoolean() ? 1 : -1) : Math.signum(g[i]);
                    double moved = x[i] - sign * step * (u[i] - l[i]);
                    // a NaN gradient entry (from infinite bounds or weights) or 0 times an infinite width: no move
                    if (!Double.isNaN(moved)) {
                        x[i] = Math.min(u[i], Math.max(l[i], moved));
                    }
                }
            }
        }
    }

    /**
     * Whether some step of the searches so far had a non-zero gradient: false on networks whose gradient
     * vanishes wherever it exists (Sign or step activations), where PGD is a random walk.
     */
    public boolean sawGradient() {
        return sawGradient;
    }

    /**
     * Whether the searches so far computed gradients and every one was zero: the evidence that the network's
     * gradients vanish. False when no gradient was computed at all (a search whose time ran out first).
     */
    public boolean metOnlyZeroGradients() {
        return computedGradient && !sawGradient;
    }

    /** The gradient of the polytope's worst row at x. */
    private double[] rowGradient(double[] x, Interval region, OutputPolytope p, double[] y) {
        int worst = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < p.rows(); k++) {
            double r = dot(p.c()[k], y) - p.d()[k];
            if (r > max) {
                max = r;
                worst = k;
            }
        }
        if (!noGradients) {
            try {
                return linearization.coefficients(x, region, new double[][] {p.c()[worst]})[0];
            } catch (NoRelaxationException e) {
                noGradients = true;
            }
        }
        return new double[x.length];
    }

    private static OutputPolytope closest(SpecCase sc, double[] y) {
        OutputPolytope best = sc.polytopes().get(0);
        for (OutputPolytope p : sc.polytopes()) {
            if (p.margin(y) < best.margin(y)) {
                best = p;
            }
        }
        return best;
    }

    /** The gradient of the summed excess of the violated input constraints. */
    private static double[] violationGradient(InputConstraints ic, double[] x) {
        double[] g = new double[x.length];
        for (int j = 0; j < ic.rows(); j++) {
            if (!(dot(ic.a()[j], x) <= ic.b()[j])) {
                for (int i = 0; i < x.length; i++) {
                    g[i] += ic.a()[j][i];
                }
            }
        }
        return g;
    }

    private static boolean isZero(double[] g) {
        for (double v : g) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
