package io.netverify.verifier.gate;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.JsonText;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import io.netverify.verifier.certify.ReportFiles;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's reports: JUnit XML (one testsuite per spec, one testcase per check; metrics as
 * properties and again in system-out, which GitLab shows), a JSON report with every point, and a
 * Markdown summary for {@code $GITHUB_STEP_SUMMARY}. All written atomically.
 */
public final class GateReports {
    private GateReports() {
    }

    /** Writes every report the configuration names. */
    public static void write(GateResult result, GateConfig.Reports reports) throws IOException {
        if (reports.junit() != null) {
            AtomicFiles.write(reports.junit(), junit(result, reports.pointTestcases()));
        }
        if (reports.json() != null) {
            AtomicFiles.write(reports.json(), json(result));
        }
        if (reports.markdown() != null) {
            AtomicFiles.write(reports.markdown(), markdown(result));
        }
    }

    /** A JUnit report of a gate that could not run: one testsuite with one errored testcase. */
    public static String junitError(String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"netverify gate\" tests=\"1\" failures=\"0\" "
            + "errors=\"1\">\n  <testsuite name=\"netverify gate\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0\">\n"
            + "    <testcase name=\"run the gate\" classname=\"netverify.gate\" time=\"0\">\n      <error message=\""
            + xml(message) + "\" type=\"verifier\">" + xml(message) + "</error>\n    </testcase>\n  </testsuite>\n</testsuites>\n";
    }

    static Map<String, String> metrics(SpecOutcome o) {
        EpsTotals t = o.totals();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("eps", Double.toString(o.spec().eps()));
        m.put("method", o.spec().method().word());
        m.put("points", Integer.toString(t.points()));
        for (Metric metric : Metric.values()) {
            m.put(metric.key(), String.format(Locale.ROOT, "%.4f", metric.of(t)));
        }
        m.put("error_rate", String.format(Locale.ROOT, "%.4f", t.errorRate()));
        m.put("cache_hits", Integer.toString(o.cacheHits()));
        m.put("seconds", String.format(Locale.ROOT, "%.3f", o.report().seconds()));
        return m;
    }

    static String junit(GateResult result, boolean pointTestcases) {
        StringBuilder suites = new StringBuilder();
        int tests = 0;
        int failures = 0;
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
        for (SpecOutcome o : result.specs()) {
            StringBuilder cases = new StringBuilder();
            int n = 0;
            int failed = 0;
            int skipped = 0;
            String cls = "netverify.gate." + Gate.safe(o.spec().name());
            for (Check c : o.checks()) {
                n++;
                cases.append("    <testcase name=\"").append(xml(c.name())).append("\" classname=\"").append(cls)
                    .append("\" time=\"0\">");
                if (c.passed()) {
                    cases.append("\n      <system-out>").append(xml(c.message())).append("</system-out>\n    </testcase>\n");
                } else {
                    failed++;
                    cases.append("\n      <failure message=\"").append(xml(firstLine(c.message()))).append("\" type=\"gate\">")
                        .append(xml(c.message())).append("</failure>\n    </testcase>\n");
                }
            }
            if (pointTestcases) {
                for (PointResult r : o.report().points()) {
                    n++;
                    cases.append(String.format(Locale.ROOT, "    <testcase name=\"point %d\" classname=\"%s.points\" time=\"%.3f\">",
                        r.index(), cls, r.seconds()));
                    String cex = o.counterexampleFile(r);
                    String what = r.verdict().word() + " by " + r.decidedBy() + (cex == null ? "" : ", counterexample in " + cex);
                    if (o.newViolations().contains(r)) {
                        failed++;
                        cases.append("\n      <failure message=\"new violation: ").append(xml(what))
                            .append("\" type=\"regression\">certified in the baseline, now ").append(xml(what)).append("</failure>\n");
                    } else if (r.verdict() != PointVerdict.CERTIFIED) {
                        skipped++;
                        cases.append("\n      <skipped message=\"").append(xml(what)).append("\"/>\n");
                    } else {
                        cases.append("\n      <system-out>").append(xml(what)).append("</system-out>\n");
                    }
                    cases.append("    </testcase>\n");
                }
            }
            tests += n;
            failures += failed;
            Map<String, String> metrics = metrics(o);
            suites.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
                    + "skipped=\"%d\" time=\"%.3f\" timestamp=\"%s\">%n    <properties>%n", xml(o.spec().name()), n, failed,
                0, skipped, o.report().seconds(), timestamp));
            StringBuilder out = new StringBuilder();
            metrics.forEach((k, v) -> {
                suites.append("      <property name=\"").append(xml(k)).append("\" value=\"").append(xml(v)).append("\"/>\n");
                out.append(k).append(": ").append(v).append('\n');
            });
            suites.append("    </properties>\n").append(cases).append("    <system-out>").append(xml(out.toString()))
                .append("</system-out>\n  </testsuite>\n");
        }
        return String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n<testsuites name=\"netverify gate\" "
            + "tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">%n", tests, failures, result.seconds()) + suites
            + "</testsuites>\n";
    }

    static String json(GateResult result) {
        StringBuilder sb = new StringBuilder("{\n  \"passed\": ").append(result.passed())
            .append(",\n  \"exit_code\": ").append(result.exitCode())
            .append(",\n  \"verifier_failed\": ").append(result.verifierFailed())
            .append(",\n  \"seconds\": ").append(JsonText.number(result.seconds()))
            .append(",\n  \"specs\": [");
        for (int s = 0; s < result.specs().size(); s++) {
            SpecOutcome o = result.specs().get(s);
            sb.append(s == 0 ? "\n" : ",\n").append("    {\"name\": ").append(JsonText.string(o.spec().name()))
                .append(", \"passed\": ").append(o.passed()).append(",\n     \"metrics\": {");
            boolean first = true;
            for (Map.Entry<String, String> m : metrics(o).entrySet()) {
                String v = m.getKey().equals("method") ? JsonText.string(m.getValue()) : m.getValue();
                sb.append(first ? "" : ", ").append(JsonText.string(m.getKey())).append(": ").append(v);
                first = false;
            }
            sb.append("},\n     \"checks\": [");
            for (int c = 0; c < o.checks().size(); c++) {
                Check ch = o.checks().get(c);
                sb.append(c == 0 ? "\n" : ",\n").append("       {\"name\": ").append(JsonText.string(ch.name()))
                    .append(", \"passed\": ").append(ch.passed()).append(", \"message\": ").append(JsonText.string(ch.message()))
                    .append("}");
            }
            sb.append(o.checks().isEmpty() ? "" : "\n     ").append("],\n     \"new_violations\": [");
            for (int v = 0; v < o.newViolations().size(); v++) {
                sb.append(v == 0 ? "" : ", ").append(o.newViolations().get(v).index());
            }
            sb.append("],\n     \"points\": ").append(ReportFiles.pointsJson(o.report().points(), o.counterexampleFiles(), "     "))
                .append("}");
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    static String markdown(GateResult result) {
        StringBuilder sb = new StringBuilder("## netverify gate: ").append(result.verifierFailed() ? "VERIFIER FAILED"
            : result.passed() ? "passed" : "FAILED").append(String.format(Locale.ROOT, " (%.1f s)%n%n", result.seconds()));
        sb.append("| spec | eps | method | points | clean | certified | PGD-robust | unknown | cached | result |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (SpecOutcome o : result.specs()) {
            EpsTotals t = o.totals();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.4f | %.4f | %.4f | %.4f | %d | %s |%n",
                md(o.spec().name()), o.spec().eps(), o.spec().method().word(), t.points(), t.cleanAccuracy(),
                t.certifiedAccuracy(), t.robustAccuracy(), t.unknownRate(), o.cacheHits(), o.passed() ? "pass" : "**FAIL**"));
        }
        sb.append("\n### Checks\n\n");
        for (SpecOutcome o : result.specs()) {
            for (Check c : o.checks()) {
                sb.append(String.format(Locale.ROOT, "- %s **%s** / %s: %s%n", c.passed() ? "pass" : "**FAIL**",
                    md(o.spec().name()), md(c.name()), md(c.message()).replace("\n", "<br>")));
            }
        }
        if (result.verifierFailed()) {
            sb.append("\nThe verifier failed on more points than `max_error_rate` allows (see error_rate).\n");
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    /** Text escaped for XML attributes and content; characters XML 1.0 cannot hold become '?'. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\r' ? '?' : c);
            }
        }
        return sb.toString();
    }
}
