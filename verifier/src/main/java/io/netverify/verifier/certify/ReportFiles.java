package io.netverify.verifier.certify;

import io.netverify.onnx.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a {@link CertifyReport}: counterexample files, per-point CSV, and JSON, each atomically. */
public final class ReportFiles {
    private ReportFiles() {
    }

    /**
     * Writes one file per counterexample into {@code dir} (the input as the network sees it, one value
     * per line) and returns the file of each point result (null where there is none), in report order.
     */
    public static String[] writeCounterexamples(CertifyReport report, Path dir) throws IOException {
        List<PointResult> points = report.points();
        String[] files = new String[points.size()];
        for (int k = 0; k < points.size(); k++) {
            PointResult r = points.get(k);
            if (r.counterexample() == null) {
                continue;
            }
            Path f = dir.resolve(String.format(Locale.ROOT, "point%d_eps%s.txt", r.index(), r.eps()));
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "# point %d, label %d, eps %s: an input (as the network sees it) "
                + "where class %d is not the strict maximum%n", r.index(), r.label(), r.eps(), r.label()));
            for (double v : r.counterexample()) {
                sb.append(v).append('\n');
            }
            AtomicFiles.write(f, sb.toString());
            files[k] = f.toString();
        }
        return files;
    }

    /** One CSV row per point and eps. */
    public static String csv(CertifyReport report, String[] counterexampleFiles) {
        StringBuilder sb = new StringBuilder("index,eps,label,prediction,verdict,margin_lower,decided_by,seconds,counterexample\n");
        for (int k = 0; k < report.points().size(); k++) {
            PointResult r = report.points().get(k);
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%s,%s,%s,%.6f,%s%n", r.index(), r.eps(), r.label(),
                r.prediction(), r.verdict().word(), Double.isNaN(r.marginLower()) ? "" : Double.toString(r.marginLower()),
                csvField(r.decidedBy()), r.seconds(), counterexampleFiles == null || counterexampleFiles[k] == null ? ""
                    : csvField(counterexampleFiles[k])));
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** The totals per eps as a JSON array. */
    public static String totalsJson(List<EpsTotals> totals, String indent) {
        StringBuilder sb = new StringBuilder("[");
        for (int e = 0; e < totals.size(); e++) {
            EpsTotals t = totals.get(e);
            sb.append(e == 0 ? "\n" : ",\n").append(indent).append("  ").append(String.format(Locale.ROOT,
                "{\"eps\": %s, \"points\": %d, \"clean_accuracy\": %s, \"certified_accuracy\": %s, "
                    + "\"robust_accuracy_upper\": %s, \"unknown_rate\": %s, \"error_rate\": %s}",
                JsonText.number(t.eps()), t.points(), JsonText.number(t.cleanAccuracy()),
                JsonText.number(t.certifiedAccuracy()), JsonText.number(t.robustAccuracy()),
                JsonText.number(t.unknownRate()), JsonText.number(t.errorRate())));
        }
        return sb.append("\n").append(indent).append("]").toString();
    }

    /** Every point result as a JSON array (counterexamples by file, not inline). */
    public static String pointsJson(List<PointResult> points, String[] counterexampleFiles, String indent) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < points.size(); k++) {
            PointResult r = points.get(k);
            sb.append(k == 0 ? "\n" : ",\n").append(indent).append("  ").append(String.format(Locale.ROOT,
                "{\"index\": %d, \"eps\": %s, \"label\": %d, \"prediction\": %d, \"verdict\": %s, \"margin_lower\": %s, "
                    + "\"decided_by\": %s, \"seconds\": %s, \"cached\": %s, \"counterexample\": %s}",
                r.index(), JsonText.number(r.eps()), r.label(), r.prediction(), JsonText.string(r.verdict().word()),
                JsonText.number(r.marginLower()), JsonText.string(r.decidedBy()), JsonText.number(r.seconds()), r.cached(),
                JsonText.string(counterexampleFiles == null ? null : counterexampleFiles[k])));
        }
        return sb.append(points.isEmpty() ? "" : "\n" + indent).append("]").toString();
    }

    /** The whole report as a JSON object. */
    public static String json(CertifyReport report, String[] counterexampleFiles) {
        return "{\n  \"seconds\": " + JsonText.number(report.seconds()) + ",\n  \"totals\": "
            + totalsJson(report.totals(), "  ") + ",\n  \"points\": " + pointsJson(report.points(), counterexampleFiles, "  ")
            + "\n}\n";
    }
}
