package io.netverify.benchmarks;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.Bounds;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time and tightness of alpha-CROWN (as the verifier runs it: CROWN intermediate bounds, optimised)
 * on reference instances: per instance, the time of one warm run (median of the repeats, and the
 * fastest), the time of a CROWN run in the same process (a yardstick for the machine's load), and
 * the mean margin width against the reference alpha-CROWN's and our CROWN's. The CPU time (all threads of
 * the process, per run) is the figure least disturbed by other processes on a shared machine.
 *
 * <p>Usage: {@code AlphaCrownBenchmark <shared folder> [--repeats=N] [--final-only] <reference json relative to
 * reference/bounds>...}; {@code --final-only} optimises the final bounds only (intermediate bounds from CROWN).
 */
public final class AlphaCrownBenchmark {
    private AlphaCrownBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        int repeats = 3;
        boolean intermediate = true;
        int first = 1;
        for (; first < args.length && args[first].startsWith("--"); first++) {
            if (args[first].startsWith("--repeats=")) {
                repeats = Integer.parseInt(args[first].substring("--repeats=".length()));
            } else if (args[first].equals("--final-only")) {
                intermediate = false;
            } else {
                throw new IllegalArgumentException("unknown option " + args[first]);
            }
        }
        boolean optimiseIntermediate = intermediate;
        System.out.println("| instance | alpha median (s) | alpha min (s) | alpha CPU (s) | CROWN (s) | reference alpha (s) | median / ref "
            + "| mean width | reference width | width / ref | CROWN width |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (int a = first; a < args.length; a++) {
            ReferenceJson.Instance inst = ReferenceJson.load(shared, args[a]);
            String text = inst.text();
            Bounds[] alpha = new Bounds[1];
            Runnable run = () -> alpha[0] = inst.margins(p -> p.method(BoundMethod.ALPHA_CROWN)
                .intermediate(BoundMethod.CROWN).optimiseIntermediate(optimiseIntermediate));
            run.run();
            double[] t = new double[repeats];
            long cpu0 = cpuNanos();
            for (int r = 0; r < repeats; r++) {
                t[r] = ReferenceJson.time(run);
            }
            double cpu = (cpuNanos() - cpu0) / 1e9 / repeats;
            Arrays.sort(t);
            Bounds[] crown = new Bounds[1];
            double crownTime = ReferenceJson.time(() -> crown[0] = inst.margins(p -> p.method(BoundMethod.CROWN)));
            double ref = ReferenceJson.marginSeconds(text, "alpha-crown");
            double[] refLower = referenceMargins(text, "lower");
            double[] refUpper = referenceMargins(text, "upper");
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.4f | %.3f | %.2f | %.6g | %.6g | %.4f | %.6g |%n",
                Path.of(args[a]).getFileName(), t[repeats / 2], t[0], cpu, crownTime, ref, t[repeats / 2] / ref,
                meanWidth(alpha[0].lower(), alpha[0].upper()), meanWidth(refLower, refUpper),
                meanWidth(alpha[0].lower(), alpha[0].upper()) / meanWidth(refLower, refUpper),
                meanWidth(crown[0].lower(), crown[0].upper()));
        }
    }

    private static double meanWidth(double[] lower, double[] upper) {
        double s = 0;
        for (int k = 0; k < lower.length; k++) {
            s += upper[k] - lower[k];
        }
        return s / lower.length;
    }

    /** CPU time of the whole process (all threads), less sensitive than wall time to other processes' load. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /** margin.alpha-crown.lower or .upper of the reference file. */
    private static double[] referenceMargins(String json, String side) {
        Matcher m = Pattern.compile("\"alpha-crown\"\\s*:\\s*\\{\\s*\"lower\"\\s*:\\s*\\[([^\\]]*)\\]\\s*,\\s*\"upper\"\\s*:\\s*\\[([^\\]]*)\\]")
            .matcher(json);
        if (!m.find(json.indexOf("\"margin\""))) {
            throw new IllegalArgumentException("no margin alpha-crown bounds");
        }
        return Arrays.stream(m.group(side.equals("lower") ? 1 : 2).split(",")).map(String::trim)
            .mapToDouble(Double::parseDouble).toArray();
    }
}
