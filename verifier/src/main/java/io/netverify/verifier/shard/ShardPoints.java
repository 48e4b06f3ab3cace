package io.netverify.verifier.shard;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A shard's point results, losslessly (doubles as Java writes them, counterexamples inline), each
 * with its key: one tab-separated line per result, so merging can rebuild every report exactly.
 */
public final class ShardPoints {
    private static final String HEADER = "index\teps\tlabel\tprediction\tverdict\tmargin_lower\tdecided_by\tseconds\tcached"
        + "\tkey\tcounterexample";

    private ShardPoints() {
    }

    /** A result with what identifies its point across runs (a cache or baseline key; may be empty). */
    public record Keyed(PointResult result, String key) {
    }

    /** Writes the results atomically. */
    public static void write(Path file, List<Keyed> points) throws IOException {
        AtomicFiles.write(file, format(points));
    }

    /** The results as {@link #write} writes them (e.g. to send them to another process). */
    public static String format(List<Keyed> points) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Keyed k : points) {
            PointResult r = k.result();
            sb.append(r.index()).append('\t').append(r.eps()).append('\t').append(r.label()).append('\t').append(r.prediction())
                .append('\t').append(r.verdict().word()).append('\t').append(r.marginLower()).append('\t')
                .append(escape(r.decidedBy())).append('\t').append(r.seconds()).append('\t').append(r.cached()).append('\t')
                .append(escape(k.key())).append('\t');
            if (r.counterexample() != null) {
                for (int i = 0; i < r.counterexample().length; i++) {
                    sb.append(i == 0 ? "" : " ").append(r.counterexample()[i]);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Reads what {@link #write} wrote; a damaged line is a {@link ShardException} naming file and line. */
    public static List<Keyed> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ShardException(file + ": no such file (an incomplete shard folder?)");
        }
        return parse(lines, file.toString());
    }

    /** Reads what {@link #format} wrote; a damaged line is a {@link ShardException} naming {@code file} and line. */
    public static List<Keyed> parse(List<String> lines, String file) {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new ShardException(file + ":1: not a shard's point results");
        }
        List<Keyed> out = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String[] f = lines.get(n).split("\t", -1);
            PointVerdict v = f.length == 11 ? PointVerdict.named(f[4]) : null;
            if (v == null) {
                throw new ShardException(file + ":" + (n + 1) + ": damaged point result");
            }
            try {
                double[] cex = f[10].isEmpty() ? null : Arrays.stream(f[10].split(" ")).mapToDouble(Double::parseDouble).toArray();
                out.add(new Keyed(new PointResult(Integer.parseInt(f[0]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Double.parseDouble(f[1]), v, Double.parseDouble(f[5]), unescape(f[6]), Double.parseDouble(f[7]), cex,
                    Boolean.parseBoolean(f[8])), unescape(f[9])));
            } catch (NumberFormatException e) {
                throw new ShardException(file + ":" + (n + 1) + ": damaged point result (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    /**
     * A shard's report with each point's index within the shard's data replaced by its position in
     * the whole data, paired with the keys (in report order).
     */
    public static List<Keyed> whole(CertifyReport report, List<String> keys, List<Integer> positions) {
        List<Keyed> out = new ArrayList<>();
        for (int k = 0; k < report.points().size(); k++) {
            PointResult r = report.points().get(k);
            out.add(new Keyed(new PointResult(positions.get(r.index()), r.label(), r.prediction(), r.eps(), r.verdict(),
                r.marginLower(), r.decidedBy(), r.seconds(), r.counterexample(), r.cached()), keys.get(k)));
        }
        return out;
    }

    /**
     * The report a single run over all points writes: the shards' results grouped by eps in the
     * order of {@code eps}, by index within, with the totals recomputed.
     *
     * @param seconds the merged run's wall-clock time
     */
    public static Merged merge(List<Keyed> points, double[] eps, double seconds) {
        List<Keyed> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<Keyed>comparingInt(k -> position(eps, k.result().eps())).thenComparingInt(k -> k.result().index()));
        List<PointResult> results = sorted.stream().map(Keyed::result).toList();
        List<EpsTotals> totals = new ArrayList<>();
        for (double e : eps) {
            totals.add(EpsTotals.of(e, results.stream().filter(r -> Double.compare(r.eps(), e) == 0).toList()));
        }
        return new Merged(new CertifyReport(results, totals, seconds), sorted.stream().map(Keyed::key).toList());
    }

    /** A merged report and each point's key, in report order. */
    public record Merged(CertifyReport report, List<String> keys) {
    }

    private static int position(double[] eps, double e) {
        for (int i = 0; i < eps.length; i++) {
            if (Double.compare(eps[i], e) == 0) {
                return i;
            }
        }
        throw new ShardException("a shard holds results at eps " + e + ", which the run's settings do not name");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                sb.append(d == 't' ? '\t' : d == 'n' ? '\n' : d == 'r' ? '\r' : d);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
