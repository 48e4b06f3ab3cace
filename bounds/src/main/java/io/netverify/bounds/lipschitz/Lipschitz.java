package io.netverify.bounds.lipschitz;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.InputSet;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;

import java.util.Arrays;
import java.util.List;

/**
 * Certified local Lipschitz bounds by bound propagation over the Clarke Jacobian (Shi et al.,
 * NeurIPS 2022): {@code Lipschitz.of(graph).norm(InputNorm.LINF).method(Method.CROWN).bound(box, c)}
 * bounds {@code sup_x ||c^T J(x)||_q} over the box (q the dual of the input norm) from above,
 * and from below by sampling. The bound propagation runs over the {@link JacobianGraph}: intermediate
 * bounds of the forward network, then CROWN (or IBP, alpha-CROWN) over the gradient nodes.
 */
public final class Lipschitz {
    /** How the upper bound is computed. */
    public enum Method {
        /** The product of the operators' norms over the whole input space (no box). */
        NAIVE,
        IBP, CROWN, ALPHA_CROWN
    }

    /** Up to this many inputs the l_1 norm is bounded through every sign vector ({@link #signRows}). */
    static final int SIGNED_SUMS_MAX_INPUTS = 10;
    private final Graph graph;
    private InputNorm norm = InputNorm.LINF;
    private Method method = Method.CROWN;
    private int samples = 2000;
    private long seed = 1;
    private long deadline = Long.MAX_VALUE;

    private Lipschitz(Graph graph) {
        this.graph = graph;
    }

    public static Lipschitz of(Graph graph) {
        return new Lipschitz(graph);
    }

    /** The input norm (default l_inf, whose dual is l_1). */
    public Lipschitz norm(InputNorm n) {
        this.norm = n;
        return this;
    }

    /** The bound method (naive, IBP, CROWN or alpha-CROWN; see {@link Method}). */
    public Lipschitz method(Method m) {
        this.method = m;
        return this;
    }

    /** Gradient evaluations of the sampled lower bound (default 2000; 0 for none). */
    public Lipschitz samples(int n, long randomSeed) {
        this.samples = n;
        this.seed = randomSeed;
        return this;
    }

    /** A System.nanoTime deadline for alpha-CROWN (it stops with the best sound bounds so far). */
    public Lipschitz deadline(long nanoTime) {
        this.deadline = nanoTime;
        return this;
    }

    /** The bounds for output weighting {@code c} (one entry per network output) over {@code box}. */
    public LipschitzBound bound(Interval box, double[] c) {
        return bound(InputSet.box(box), c);
    }

    /**
     * The bounds for output weighting {@code c} over an input region: a box, or a ball (e.g. the l_2
     * ball of radius eps around a point, for l_2 Lipschitz constants), whose bounds propagate from the
     * ball itself rather than from its bounding box; the derivation then names the ball.
     */
    public LipschitzBound bound(InputSet region, double[] c) {
        double naive = JacobianGraph.naive(graph, c, norm);
        Graph gradient = JacobianGraph.gradient(graph, c);
        GradientSampler.Sample sample = samples > 0
            ? new GradientSampler(gradient, norm).search(region, samples, seed)
            : new GradientSampler.Sample(0, region.minimiser(null, 0));
        if (method == Method.NAIVE) {
            int n = region.size();
            double[] lo = new double[n];
            double[] hi = new double[n];
            Arrays.fill(lo, -naive);
            Arrays.fill(hi, naive);
            return new LipschitzBound(method, norm, naive, sample.value(), sample.point(), naive, new Interval(lo, hi),
                "product of the operators' norms");
        }
        BoundMethod bm = switch (method) {
            case IBP -> BoundMethod.IBP;
            case ALPHA_CROWN -> BoundMethod.ALPHA_CROWN;
            default -> BoundMethod.CROWN;
        };
        int n = region.size();
        double[][] rows = norm == InputNorm.LINF ? signRows(n) : new double[0][];
        double[][] functions = new double[n + rows.length][];
        for (int i = 0; i < n; i++) {
            functions[i] = new double[n];
            functions[i][i] = 1;
        }
        System.arraycopy(rows, 0, functions, n, rows.length);
        // the entries and the signed sums in one pass, sharing its intermediate bounds
        Bounds all = BoundPropagator.of(gradient).method(bm).deadline(deadline).compute(List.of(region), functions,
            new double[functions.length]);
        Interval entryBounds = new Interval(Arrays.copyOf(all.lower(), n), Arrays.copyOf(all.upper(), n));
        double upper = fromEntries(entryBounds);
        if (rows.length > 0) {
            double signed = 0;
            for (int k = n; k < functions.length; k++) {
                signed = Math.max(signed, Math.max(all.upper()[k], -all.lower()[k]));
            }
            upper = Math.min(upper, signed);
        }
        String derivation = switch (norm) {
            case LINF -> "l_1 norm bounded by bound propagation through |.| and the sum, and by the per-entry bounds"
                + (rows.length > 0 ? " and the bounds of the gradient's signed sums" : "");
            case L1 -> "l_inf norm from the per-entry bounds";
            case L2 -> "l_2 norm from the per-entry bounds (root of the sum of squared magnitudes)";
        } + (region instanceof InputSet.Ball ball ? ", over the " + describe(ball) : "");
        if (norm == InputNorm.LINF) {
            Bounds sum = BoundPropagator.of(JacobianGraph.l1Norm(graph, c)).method(bm).deadline(deadline).compute(List.of(region));
            upper = Math.min(upper, sum.upper()[0]);
        }
        upper = Math.min(upper, naive);
        return new LipschitzBound(method, norm, upper, sample.value(), sample.point(), naive, entryBounds, derivation);
    }

    /**
     * For inputs of at most {@link #SIGNED_SUMS_MAX_INPUTS} dimensions, one row per sign vector s with
     * s_0 = +1 (2^(n-1) rows; -s is the other side of the same bounds): ||v||_1 = max over s of |s v|,
     * so the largest bound of those linear functions of the gradient bounds its l_1 norm without
     * relaxing |.|. None for more inputs.
     */
    static double[][] signRows(int n) {
        if (n > SIGNED_SUMS_MAX_INPUTS) {
            return new double[0][];
        }
        double[][] rows = new double[1 << (n - 1)][n];
        for (int k = 0; k < rows.length; k++) {
            rows[k][0] = 1;
            for (int i = 1; i < n; i++) {
                rows[k][i] = (k >> (i - 1) & 1) == 0 ? 1 : -1;
            }
        }
        return rows;
    }

    /** E.g. "l_2 ball of radius 0.1 around the centre". */
    static String describe(InputSet.Ball ball) {
        String norm = switch (ball.norm()) {
            case L1 -> "l_1";
            case L2 -> "l_2";
            case LINF -> "l_inf";
        };
        return norm + " ball of radius " + ball.eps() + " around the centre";
    }

    /** The dual norm's bound from per-entry bounds, rounded up (a sum of n terms errs by at most n ulps of it). */
    double fromEntries(Interval e) {
        int n = e.size();
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = Math.max(Math.abs(e.lower()[i]), Math.abs(e.upper()[i]));
        }
        double v = norm.dual(m);
        return v + 2 * (n + 2) * Math.ulp(v) + Double.MIN_VALUE;
    }
}
