package io.netverify.benchmarks.fuzz;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The soundness checks of one {@link FuzzCase}: at random points of the box, at all its corners
 * (up to 10 inputs) and at each output's least and largest value found by a search, the project's {@link Evaluator} must agree with the {@link ReferenceEvaluator}
 * (within its rounding, {@link #AGREEMENT}), and IBP, CROWN and alpha-CROWN bounds must never
 * exclude the reference's enclosure of the exact value, nor be NaN.
 */
public final class SoundnessFuzzer {
    /**
     * The relative rounding a float64 evaluator may make per node, as a multiple of the magnitudes
     * summed: 2^-40, thousands of times float64's 2^-53, for dot products of up to 16 terms, fused
     * layers and library functions of a few ulps.
     */
    static final double AGREEMENT = 0x1p-40;

    private final int samples;
    private final int alphaIterations;
    private long refusals;

    /** {@code samples} random points per case besides the corners; alpha-CROWN with {@code alphaIterations} steps. */
    public SoundnessFuzzer(int samples, int alphaIterations) {
        this.samples = samples;
        this.alphaIterations = alphaIterations;
    }

    /** How many cases so far a bound method refused (see {@link #isRefusal}); their points were not checked. */
    public long refusals() {
        return refusals;
    }

    /** Every failed check of the case (empty when it passes). */
    public List<Failure> check(FuzzCase c) {
        List<Failure> failures = new ArrayList<>();
        FuzzCase.Imported in = c.load(failures);
        if (in == null) {
            return failures;
        }
        Graph graph = in.graph();
        ReferenceEvaluator reference = in.reference();
        Evaluator evaluator = in.evaluator();
        Interval box = new Interval(c.lower(), c.upper());
        List<Bounds> bounds = new ArrayList<>();
        for (BoundMethod m : BoundMethod.values()) {
            try {
                Bounds b = BoundPropagator.of(graph).method(m).alphaIterations(alphaIterations, 0.1).compute(box);
                bounds.add(b);
                for (int k = 0; k < b.lower().length; k++) {
                    if (Double.isNaN(b.lower()[k]) || Double.isNaN(b.upper()[k])) {
                        failures.add(Failure.of(c, "nan-bound-" + m, "output " + k + ": [" + b.lower()[k] + ", " + b.upper()[k] + "]"));
                        return failures;
                    }
                }
            } catch (RuntimeException e) {
                if (isRefusal(e)) {
                    refusals++;
                } else {
                    failures.add(Failure.of(c, "bounds-error-" + m, e.toString()));
                }
                return failures;
            }
        }
        SplittableRandom rnd = new SplittableRandom(c.seed() ^ 0x5eedL);
        List<double[]> points = points(c, samples, rnd);
        // where a wrong bound shows first: each output's least and largest value found by a search
        int outputs = evaluator.evaluate(c.lower()).length;
        for (int k = 0; k < outputs; k++) {
            for (double sign : new double[] {1, -1}) {
                points.add(VerdictCrossCheck.search(c, evaluator, k, sign, rnd, samples));
            }
        }
        for (double[] x : points) {
            Enclosure exact = reference.run(x, 0);
            Enclosure loose = reference.run(x, AGREEMENT);
            boolean overflow = reference.overflowed();
            double[] y = evaluator.evaluate(x);
            for (int k = 0; k < y.length; k++) {
                // near overflow a float64 evaluation may give infinity or NaN for a finite exact value: not a disagreement
                boolean comparable = Double.isFinite(loose.lo()[k]) && Double.isFinite(loose.hi()[k]) && !(overflow && !Double.isFinite(y[k]));
                if (comparable && !(y[k] >= loose.lo()[k] && y[k] <= loose.hi()[k])) {
                    failures.add(new Failure(c, "evaluator-disagrees", "output " + k + " at " + java.util.Arrays.toString(x) + ": evaluator "
                        + y[k] + ", reference [" + exact.lo()[k] + ", " + exact.hi()[k] + "]", x, null, y.length));
                    return failures;
                }
                for (Bounds b : bounds) {
                    Failure f = containment(c, b.method().name(), x, exact, k, b.lower()[k], b.upper()[k], y.length);
                    if (f != null) {
                        failures.add(f);
                        return failures;
                    }
                }
            }
        }
        return failures;
    }

    /**
     * The failure when the bounds {@code [lower, upper]} of output k exclude the exact value's
     * enclosure at x (none when they meet it): its reproducer's unsafe atom is the side of the
     * bound that the witness lies on.
     */
    static Failure containment(FuzzCase c, String method, double[] x, Enclosure exact, int k, double lower, double upper, int outputs) {
        if (lower <= exact.hi()[k] && upper >= exact.lo()[k]) {
            return null;
        }
        String atom = lower > exact.hi()[k] ? "(<= Y_" + k + " " + Reproducer.decimal(exact.hi()[k]) + ")"
            : "(>= Y_" + k + " " + Reproducer.decimal(exact.lo()[k]) + ")";
        return new Failure(c, "unsound-" + method, "output " + k + " at " + java.util.Arrays.toString(x) + ": bounds [" + lower + ", "
            + upper + "], exact value in [" + exact.lo()[k] + ", " + exact.hi()[k] + "]", x.clone(), atom, outputs);
    }

    /**
     * Whether an exception is a bound method's documented refusal: an operator whose input interval
     * reaches where it is undefined or unbounded (Log, Sqrt, Reciprocal, Div at or below 0). Sound,
     * if weak; counted apart by the runner.
     */
    static boolean isRefusal(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("has input interval") || m.contains("bounds need a divisor of fixed sign");
    }

    /** All corners (up to 10 inputs), the centre, then random points of the box. */
    static List<double[]> points(FuzzCase c, int samples, SplittableRandom rnd) {
        int n = c.inputs();
        List<double[]> out = new ArrayList<>();
        int corners = n <= 10 ? 1 << n : 0;
        for (int s = 0; s < corners; s++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (s >> i & 1) == 0 ? c.lower()[i] : c.upper()[i];
            }
            out.add(x);
        }
        double[] centre = new double[n];
        for (int i = 0; i < n; i++) {
            centre[i] = c.lower()[i] / 2 + c.upper()[i] / 2;
        }
        out.add(centre);
        for (int s = 0; s < samples; s++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double t = rnd.nextDouble();
                // lower + t * (upper - lower) without overflow of the width for huge boxes
                x[i] = Math.min(c.upper()[i], Math.max(c.lower()[i], c.lower()[i] * (1 - t) + c.upper()[i] * t));
            }
            out.add(x);
        }
        return out;
    }
}
