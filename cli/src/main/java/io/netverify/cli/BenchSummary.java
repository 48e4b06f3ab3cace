package io.netverify.cli;

import io.netverify.verifier.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Per-tool counts and times of a benchmark run: the rows of summary.md and summary.csv. */
final class BenchSummary {
    static final List<String> COLUMNS = List.of("tool", "instances", "solved", "sat", "unsat", "unknown", "timeout", "error",
        "wrong", "solved_total_s", "solved_median_s");

    /**
     * One tool's row. {@code wrong} counts answers that contradict a known answer; the times are
     * over solved (sat or unsat) instances only; the median is NaN when none is solved.
     */
    record Row(String tool, int instances, int sat, int unsat, int unknown, int timeout, int error, int wrong,
               double solvedTotal, double solvedMedian) {
        int solved() {
            return sat + unsat;
        }
    }

    private BenchSummary() {
    }

    /** {@code known.get(i)} is the known answer of {@code outcomes.get(i)}'s instance, or null. */
    static Row row(String tool, List<Outcome> outcomes, List<Verdict> known) {
        int[] count = new int[Verdict.values().length];
        int wrong = 0;
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            count[o.verdict().ordinal()]++;
            if (known.get(i) != null && VerdictWords.contradicts(o.verdict(), known.get(i))) {
                wrong++;
            }
            if (o.solved()) {
                times.add(o.seconds());
            }
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Row(tool, outcomes.size(), count[Verdict.SAT.ordinal()], count[Verdict.UNSAT.ordinal()],
            count[Verdict.UNKNOWN.ordinal()], count[Verdict.TIMEOUT.ordinal()], count[Verdict.ERROR.ordinal()], wrong,
            Arrays.stream(t).sum(), median(t));
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| tool | instances | solved | sat | unsat | unknown | timeout | error | wrong "
            + "| total s (solved) | median s (solved) |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %.2f | %s |%n", r.tool(),
                r.instances(), r.solved(), r.sat(), r.unsat(), r.unknown(), r.timeout(), r.error(), r.wrong(),
                r.solvedTotal(), Double.isNaN(r.solvedMedian()) ? "-" : String.format(Locale.ROOT, "%.2f", r.solvedMedian())));
        }
        return sb.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(Csv.line(COLUMNS));
        for (Row r : rows) {
            sb.append(Csv.line(List.of(r.tool(), "" + r.instances(), "" + r.solved(), "" + r.sat(), "" + r.unsat(),
                "" + r.unknown(), "" + r.timeout(), "" + r.error(), "" + r.wrong(), seconds(r.solvedTotal()),
                Double.isNaN(r.solvedMedian()) ? "" : seconds(r.solvedMedian()))));
        }
        return sb.toString();
    }

    /** Seconds as written to CSV files: milliseconds, no exponent. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
