package io.netverify.cli;

import io.netverify.bounds.InputSet;
import io.netverify.bounds.Interval;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The network and input region of {@code verify lipschitz} and {@code verify jacobian}: a VNN-LIB
 * input box, or an l_inf ball of radius eps around a point read from a file, optionally clipped to a
 * range; or (--region ball) an l_p ball around the point.
 */
final class LipschitzInputs {
    @Option(names = "--onnx", required = true, paramLabel = "MODEL", description = "The ONNX network.")
    Path onnx;

    @Option(names = "--vnnlib", paramLabel = "SPEC", description = "A VNN-LIB property whose input box is used.")
    Path vnnlib;

    @Option(names = "--box", paramLabel = "K", defaultValue = "0", description = "Which input box of the spec (default: ${DEFAULT-VALUE}).")
    int box;

    @Option(names = "--center", paramLabel = "FILE", description = "A file with the centre point: numbers separated by spaces, commas or new lines.")
    Path center;

    @Option(names = "--eps", paramLabel = "E", description = "The radius of the l_inf ball around --center.")
    Double eps;

    @Option(names = "--range", paramLabel = "LO,HI", description = "Clip the ball to [LO, HI] in every input (e.g. 0,1 for images).")
    String range;

    @Option(names = "--region", paramLabel = "R", defaultValue = "box",
        description = "The input region: box (the --vnnlib box, or the l_inf ball around --center, clipped to --range) or ball (the --norm ball of radius --eps around --center: for l2 or l1 norms a smaller region than the box, so a tighter bound of a different claim; not with --range or bab) (default: ${DEFAULT-VALUE}).")
    String region;

    /** The network's normalised graph. */
    Graph graph() {
        return OnnxModel.read(onnx).toGraph();
    }

    /** The box for the network's input, or a usage error naming what is missing or wrong. */
    Interval resolve(Graph g) {
        int n = g.inputs().get(0).shape().size();
        if ((vnnlib == null) == (center == null)) {
            throw new UsageException("give either --vnnlib or --center with --eps");
        }
        if (vnnlib != null) {
            Specification property = VnnlibParser.parse(vnnlib);
            if (box < 0 || box >= property.cases().size()) {
                throw new UsageException("--box " + box + " out of range: " + vnnlib + " has " + property.cases().size()
                    + " input box(es)");
            }
            InputBox b = property.cases().get(box).box();
            if (b.dimension() != n) {
                throw new UsageException(vnnlib + ": the input box has " + b.dimension() + " dimensions, the network " + n);
            }
            return new Interval(b.lower(), b.upper());
        }
        if (eps == null || !(eps >= 0) || Double.isInfinite(eps)) {
            throw new UsageException("--center needs --eps, a finite number >= 0");
        }
        double[] x = readPoint(center, n);
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (range != null) {
            String[] p = range.split(",");
            try {
                lo = Double.parseDouble(p[0].trim());
                hi = Double.parseDouble(p[1].trim());
            } catch (RuntimeException e) {
                throw new UsageException("--range must be LO,HI, got '" + range + "'");
            }
        }
        double[] l = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = Math.max(lo, x[i] - eps);
            u[i] = Math.min(hi, x[i] + eps);
            if (!(l[i] <= u[i])) {
                throw new UsageException(center + ": value " + i + " (" + x[i] + ") is outside --range " + range);
            }
        }
        return new Interval(l, u);
    }

    /** Whether --region asks for a ball (else a box), or a usage error. */
    boolean isBall() {
        return switch (region.toLowerCase(Locale.ROOT)) {
            case "box" -> false;
            case "ball" -> true;
            default -> throw new UsageException("--region must be box or ball, got '" + region + "'");
        };
    }

    /** The --region: the ball of the given norm around --center, or the box ({@link #resolve}). */
    InputSet region(Graph g, InputSet.Norm norm) {
        return isBall() ? ball(g, norm) : InputSet.box(resolve(g));
    }

    /** How the region is named in output: "box", or e.g. "l2 ball of radius 0.1". */
    String regionName(InputSet.Norm norm) {
        return isBall() ? norm.name().toLowerCase(Locale.ROOT) + " ball of radius " + eps : "box";
    }

    /**
     * The ball of the given norm and radius --eps around --center (not clipped: no --range), or a
     * usage error naming what is missing.
     */
    private InputSet ball(Graph g, InputSet.Norm norm) {
        if (center == null || vnnlib != null) {
            throw new UsageException("--region ball needs --center with --eps, not --vnnlib");
        }
        if (range != null) {
            throw new UsageException("--region ball cannot be clipped to --range; use --region box");
        }
        if (eps == null || !(eps >= 0) || Double.isInfinite(eps)) {
            throw new UsageException("--center needs --eps, a finite number >= 0");
        }
        return InputSet.ball(norm, readPoint(center, g.inputs().get(0).shape().size()), eps);
    }

    private static double[] readPoint(Path file, int n) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read: " + e.getMessage());
        }
        String[] tokens = text.trim().split("[\\s,;]+");
        if (tokens.length != n || text.isBlank()) {
            throw new UsageException(file + ": has " + (text.isBlank() ? 0 : tokens.length) + " numbers, the network input "
                + n);
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                x[i] = Double.parseDouble(tokens[i]);
            } catch (NumberFormatException e) {
                throw new UsageException(file + ": value " + (i + 1) + " is not a number: '" + tokens[i] + "'");
            }
            if (!Double.isFinite(x[i])) {
                throw new UsageException(file + ": value " + (i + 1) + " is not finite");
            }
        }
        return x;
    }

    static String array(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Double.isFinite(v[i]) ? String.format(Locale.ROOT, "%.17g", v[i]) : "null");
        }
        return sb.append(']').toString();
    }
}
