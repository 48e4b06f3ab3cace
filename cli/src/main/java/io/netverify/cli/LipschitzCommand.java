package io.netverify.cli;

import io.netverify.bab.lipschitz.LipschitzSearch;
import io.netverify.bounds.InputSet;
import io.netverify.bounds.Interval;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.bounds.lipschitz.LipschitzBound;
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
import java.util.concurrent.Callable;

/** {@code verify lipschitz}: certified local Lipschitz constants of the outputs over an input box. */
@Command(name = "lipschitz", mixinStandardHelpOptions = true,
    description = {"Certifies local Lipschitz constants: for each output weighting c, an upper bound of the dual norm of c^T J(x) over the input box (every element of the Clarke Jacobian), a sampled lower bound with its point, and the naive bound (product of the layers' operator norms). The last line gives the maximum over the weightings: with --output all and --norm linf, the l_inf to l_inf local Lipschitz constant."})
final class LipschitzCommand implements Callable<Integer> {
    @Mixin
    LipschitzInputs input;

    @Option(names = "--norm", paramLabel = "N", defaultValue = "linf",
        description = "Input norm: linf (gradient l_1 norm), l1 (gradient l_inf norm) or l2 (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--output", paramLabel = "all|K", defaultValue = "all", description = "Bound each output (all) or output K only (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--coeffs", paramLabel = "c0,c1,...", description = "Bound the weighted sum c.y of the outputs instead.")
    String coeffs;

    @Option(names = "--method", paramLabel = "M", defaultValue = "crown",
        description = "naive, ibp, crown, alpha-crown or bab (branch and bound to near-exact values; linf only) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "60", description = "Seconds per weighting for bab (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        InputNorm n = OptionWords.norm(norm);
        boolean bab = method.equalsIgnoreCase("bab");
        Lipschitz.Method m = bab ? Lipschitz.Method.CROWN : OptionWords.lipschitzMethod(method);
        if (bab && n != InputNorm.LINF) {
            throw new UsageException("--method bab supports --norm linf only");
        }
        Graph g = input.graph();
        if (bab && input.isBall()) {
            throw new UsageException("--method bab supports --region box only");
        }
        InputSet set = input.region(g, setNorm(n));
        Interval box = set.box();
        String regionName = input.regionName(setNorm(n));
        int outputs = g.shape(g.outputs().get(0)).size();
        List<double[]> rows = weightings(outputs);
        PrintWriter out = spec.commandLine().getOut();
        List<String> json = new ArrayList<>();
        double maxUpper = 0;
        double maxLower = 0;
        double[] maxPoint = set.minimiser(null, 0);
        String derivation = "";
        if (!this.json) {
            out.printf(Locale.ROOT, "%s: norm %s, method %s, %d input(s), region %s%n", input.onnx,
                n.name().toLowerCase(Locale.ROOT), method.toLowerCase(Locale.ROOT), box.size(), regionName);
            out.printf(Locale.ROOT, "%-10s %14s %14s %14s %-20s %8s %9s%n", "weighting", "upper", "sampled lower", "naive",
                "status", "domains", "seconds");
        }
        for (int k = 0; k < rows.size(); k++) {
            double[] c = rows.get(k);
            long start = System.nanoTime();
            LipschitzBound b;
            try {
                b = Lipschitz.of(g).norm(n).method(m).bound(set, c);
            } catch (IllegalArgumentException e) {
                throw new UsageException(input.onnx + ": " + e.getMessage());
            }
            double upper = b.upper();
            double lower = b.lower();
            double[] point = b.witness();
            String status = "bound propagation";
            long domains = 0;
            if (bab) {
                LipschitzSearch.Result r = LipschitzSearch.of(g, c).run(box, start + (long) (timeout * 1e9));
                upper = Math.min(upper, r.upper());
                if (r.lower() > lower) {
                    lower = r.lower();
                    point = r.witness();
                }
                status = switch (r.status()) {
                    case CONVERGED -> "converged";
                    case TIMEOUT -> "timeout";
                    case NO_SPLIT -> "no split left";
                };
                domains = r.domains();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            derivation = bab ? "branch and bound (input bisection for at most 8 inputs, ReLU and smooth activation splits, "
                + "chosen per domain up to 16 inputs) on bound propagation through |.| and the sum" : b.derivation();
            String name = coeffs != null ? "c" : "y" + (output.equalsIgnoreCase("all") ? k : Integer.parseInt(output.trim()));
            maxUpper = Math.max(maxUpper, upper);
            if (lower > maxLower) {
                maxLower = lower;
                maxPoint = point;
            }
            if (this.json) {
                json.add(String.format(Locale.ROOT, "{\"weighting\":\"%s\",\"upper\":%.17g,\"lower\":%.17g,\"point\":%s,"
                    + "\"naive\":%.17g,\"status\":\"%s\",\"domains\":%d,\"seconds\":%.4f}", name, upper, lower,
                    LipschitzInputs.array(point), b.naive(), status, domains, seconds));
            } else {
                out.printf(Locale.ROOT, "%-10s %14.8g %14.8g %14.8g %-20s %8d %9.3f%n", name, upper, lower, b.naive(), status,
                    domains, seconds);
            }
        }
        if (this.json) {
            out.printf(Locale.ROOT, "{\"norm\":\"%s\",\"method\":\"%s\",\"region\":\"%s\",\"derivation\":\"%s\",\"rows\":[%s],"
                    + "\"max_upper\":%.17g,\"max_lower\":%.17g,\"max_lower_point\":%s}%n", n.name().toLowerCase(Locale.ROOT),
                method.toLowerCase(Locale.ROOT), regionName, derivation, String.join(",", json), maxUpper, maxLower,
                LipschitzInputs.array(maxPoint));
        } else {
            out.printf(Locale.ROOT, "%-10s %14.8g %14.8g%n", "max", maxUpper, maxLower);
            out.printf(Locale.ROOT, "upper bound: %s%n", derivation);
        }
        return 0;
    }

    private List<double[]> weightings(int outputs) {
        List<double[]> rows = new ArrayList<>();
        if (coeffs != null) {
            String[] p = coeffs.split(",");
            if (p.length != outputs) {
                throw new UsageException("--coeffs has " + p.length + " numbers, the network " + outputs + " outputs");
            }
            double[] c = new double[outputs];
            for (int i = 0; i < outputs; i++) {
                try {
                    c[i] = Double.parseDouble(p[i].trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("--coeffs: '" + p[i] + "' is not a number");
                }
            }
            rows.add(c);
            return rows;
        }
        if (output.equalsIgnoreCase("all")) {
            for (int k = 0; k < outputs; k++) {
                rows.add(unit(outputs, k));
            }
            return rows;
        }
        int k;
        try {
            k = Integer.parseInt(output.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--output must be all or an output index, got '" + output + "'");
        }
        if (k < 0 || k >= outputs) {
            throw new UsageException("--output " + k + " out of range: the network has " + outputs + " outputs");
        }
        rows.add(unit(outputs, k));
        return rows;
    }

    static double[] unit(int n, int k) {
        double[] c = new double[n];
        c[k] = 1;
        return c;
    }

    /** The ball norm of an input norm. */
    static InputSet.Norm setNorm(InputNorm n) {
        return switch (n) {
            case LINF -> InputSet.Norm.LINF;
            case L1 -> InputSet.Norm.L1;
            case L2 -> InputSet.Norm.L2;
        };
    }
}
