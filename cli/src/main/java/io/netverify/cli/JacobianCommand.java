package io.netverify.cli;

import io.netverify.bounds.InputSet;
import io.netverify.bounds.lipschitz.JacobianGraph;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.bounds.lipschitz.LipschitzBound;
import io.netverify.bounds.lipschitz.RegionPoints;
import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code verify jacobian}: sound bounds of every Jacobian entry over a box, and monotonicity. */
@Command(name = "jacobian", mixinStandardHelpOptions = true,
    description = {"Sound lower and upper bounds of every entry dy_k/dx_i of the Jacobian over the input box or ball (every element of the Clarke Jacobian). With --monotone i, certifies that each output is non-decreasing or non-increasing in input i over the box: holds (with the direction), holds within rounding (the certified derivative bound is below 0 by at most 1e-12 of its magnitude, the allowance for float rounding), violated (points where the derivative has both signs, evaluated exactly), or unknown."})
final class JacobianCommand implements Callable<Integer> {
    /** Gradient evaluations per output when looking for a violation of monotonicity. */
    private static final int SAMPLES = 4000;
    /**
     * Bounds are widened for float rounding, so a derivative that is exactly 0 on part of the box
     * (an inactive ReLU) gets a bound a few ulps below 0: within this relative allowance the verdict
     * is "holds within rounding".
     */
    private static final double ROUNDING = 1e-12;

    @Mixin
    LipschitzInputs input;

    @Option(names = "--method", paramLabel = "M", defaultValue = "crown",
        description = "ibp, crown or alpha-crown (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--norm", paramLabel = "N", defaultValue = "linf",
        description = "The norm of the --region ball: linf, l1 or l2 (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--monotone", paramLabel = "I", description = "Certify monotonicity of the outputs in input I.")
    Integer monotone;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Lipschitz.Method m = OptionWords.lipschitzMethod(method);
        if (m == Lipschitz.Method.NAIVE) {
            throw new UsageException("--method must be ibp, crown or alpha-crown for jacobian bounds");
        }
        Graph g = input.graph();
        InputSet region = input.region(g, LipschitzCommand.setNorm(OptionWords.norm(norm)));
        int n = region.size();
        if (monotone != null && (monotone < 0 || monotone >= n)) {
            throw new UsageException("--monotone " + monotone + " out of range: the network has " + n + " inputs");
        }
        int outputs = g.shape(g.outputs().get(0)).size();
        PrintWriter out = spec.commandLine().getOut();
        List<String> rows = new ArrayList<>();
        long start = System.nanoTime();
        for (int k = 0; k < outputs; k++) {
            double[] c = LipschitzCommand.unit(outputs, k);
            LipschitzBound b;
            try {
                b = Lipschitz.of(g).method(m).samples(0, 1).bound(region, c);
            } catch (IllegalArgumentException e) {
                throw new UsageException(input.onnx + ": " + e.getMessage());
            }
            double[] lo = b.entries().lower();
            double[] hi = b.entries().upper();
            Verdict verdict = monotone == null ? null : monotonicity(g, c, region, lo[monotone], hi[monotone], k);
            if (json) {
                rows.add(String.format(Locale.ROOT, "{\"output\":%d,\"lower\":%s,\"upper\":%s%s}", k, LipschitzInputs.array(lo),
                    LipschitzInputs.array(hi), verdict == null ? "" : ",\"monotone\":" + verdict.json()));
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (monotone == null || i == monotone) {
                    out.printf(Locale.ROOT, "dY_%d/dX_%-5d [%.9g, %.9g]%n", k, i, lo[i], hi[i]);
                }
            }
            if (verdict != null) {
                out.printf(Locale.ROOT, "output %d in input %d: %s%n", k, monotone, verdict.text());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            out.printf(Locale.ROOT, "{\"method\":\"%s\",\"region\":\"%s\",\"outputs\":[%s],\"seconds\":%.4f}%n",
                method.toLowerCase(Locale.ROOT), input.regionName(LipschitzCommand.setNorm(OptionWords.norm(norm))),
                String.join(",", rows), seconds);
        } else {
            out.printf(Locale.ROOT, "%.3f s%n", seconds);
        }
        return 0;
    }

    /** A monotonicity verdict: status, direction (when it holds), points of both signs (when violated). */
    private record Verdict(String status, String direction, double[] up, double[] down) {
        String json() {
            return switch (status) {
                case "violated" -> String.format(Locale.ROOT, "{\"status\":\"violated\",\"increasing_at\":%s,\"decreasing_at\":%s}",
                    LipschitzInputs.array(up), LipschitzInputs.array(down));
                case "unknown" -> "{\"status\":\"unknown\"}";
                default -> String.format(Locale.ROOT, "{\"status\":\"%s\",\"direction\":\"%s\"}", status, direction);
            };
        }

        String text() {
            return switch (status) {
                case "violated" -> "violated: the derivative is > 0 at " + LipschitzInputs.array(up) + " and < 0 at "
                    + LipschitzInputs.array(down);
                case "unknown" -> "unknown";
                default -> status + " (" + direction + ")";
            };
        }
    }

    /**
     * The verdict for output k: holds when the bounds of dy_k/dx_i are one-signed; violated when
     * sampled points show both signs of the exactly evaluated derivative; unknown otherwise.
     */
    private Verdict monotonicity(Graph g, double[] c, InputSet region, double lo, double hi, int k) {
        double allowance = ROUNDING * Math.max(Math.abs(lo), Math.abs(hi)) + Double.MIN_NORMAL;
        if (lo >= -allowance || hi <= allowance) {
            boolean up = lo >= -allowance;
            boolean exact = up ? lo >= 0 : hi <= 0;
            return new Verdict(exact ? "holds" : "holds within rounding", up ? "non-decreasing" : "non-increasing", null, null);
        }
        Evaluator grad = new Evaluator(JacobianGraph.gradient(g, c));
        SplittableRandom rnd = new SplittableRandom(k);
        double[] up = null;
        double[] down = null;
        for (int s = 0; s < SAMPLES && (up == null || down == null); s++) {
            double[] x = RegionPoints.random(region, rnd);
            double d = grad.evaluate(x)[monotone];
            if (d > 0 && up == null) {
                up = x;
            } else if (d < 0 && down == null) {
                down = x;
            }
        }
        return up != null && down != null ? new Verdict("violated", null, up, down) : new Verdict("unknown", null, null, null);
    }
}
