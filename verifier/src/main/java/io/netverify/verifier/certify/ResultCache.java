package io.netverify.verifier.certify;

import io.netverify.onnx.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Outcomes of earlier runs, so an unchanged CI gate reruns in milliseconds. One file per model and
 * engine: its name is the SHA-256 of the model's bytes, the settings' {@link CertifySettings#engineKey()}
 * and the netverify version; inside, one line per point, keyed by the SHA-256 of the point's values,
 * its label and eps. Certified and falsified outcomes are reused whatever the time allowed; an unknown
 * one only by a run that allows no more time per point and no more attack steps than the run that
 * stored it (with a fixed seed it would most likely end the same way), so a run with more time
 * retries it; points left open because the total budget ran out are not stored. A cached
 * counterexample is re-checked before it is reported; a certified entry is trusted, so the cache
 * folder should be written only by netverify.
 */
public final class ResultCache {
    /** Fields after the key: verdict, prediction, margin, decided by, counterexample, timeout per point, attack steps. */
    private static final int FIELDS = 7;
    private final Path file;
    private final Map<String, String> entries = new LinkedHashMap<>();
    private boolean changed;
    private int hits;

    private ResultCache(Path file) {
        this.file = file;
    }

    /** Opens (or starts) the cache file for this model and engine in {@code dir}. */
    public static ResultCache open(Path dir, byte[] model, CertifySettings settings, String version) throws IOException {
        String name = sha256Hex(model, ("\n" + settings.engineKey() + "\n" + version).getBytes(StandardCharsets.UTF_8));
        ResultCache c = new ResultCache(dir.resolve(name + ".tsv"));
        if (Files.isRegularFile(c.file)) {
            for (String line : Files.readAllLines(c.file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    c.entries.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return c;
    }

    /** The file this cache reads and writes. */
    public Path file() {
        return file;
    }

    /** How many lookups found an entry. */
    public int hits() {
        return hits;
    }

    /** The stored outcome of point x (with this index in the data) that a run with these settings may reuse, or null. */
    PointResult get(int index, double[] x, int label, double eps, CertifySettings settings) {
        String v = entries.get(pointKey(x, label, eps));
        if (v == null) {
            return null;
        }
        String[] f = v.split("\t", -1);
        PointVerdict verdict = f.length == FIELDS ? PointVerdict.named(f[0]) : null;
        if (verdict == null || verdict == PointVerdict.ERROR) {
            return null;
        }
        try {
            if (verdict == PointVerdict.UNKNOWN && (Double.parseDouble(f[5]) < settings.timeoutPerPoint()
                || Integer.parseInt(f[6]) < settings.attackSteps())) {
                return null; // this run may get further
            }
            double[] cex = null;
            if (!f[4].isEmpty()) {
                String[] parts = f[4].split(",");
                cex = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    cex[i] = Double.parseDouble(parts[i]);
                }
            }
            hits++;
            return new PointResult(index, label, Integer.parseInt(f[1]), eps, verdict, Double.parseDouble(f[2]), f[3], 0,
                cex, true);
        } catch (NumberFormatException e) {
            return null; // a damaged line is a miss
        }
    }

    /** Stores an outcome; errors and points the total budget left open are not stored. */
    void put(double[] x, PointResult r, CertifySettings settings) {
        if (r.verdict() == PointVerdict.ERROR || r.cached() || r.decidedBy().equals(Certifier.BUDGET)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(r.verdict().word()).append('\t').append(r.prediction()).append('\t').append(r.marginLower())
            .append('\t').append(r.decidedBy()).append('\t');
        if (r.counterexample() != null) {
            for (int i = 0; i < r.counterexample().length; i++) {
                sb.append(i == 0 ? "" : ",").append(r.counterexample()[i]);
            }
        }
        sb.append('\t').append(settings.timeoutPerPoint()).append('\t').append(settings.attackSteps());
        entries.put(pointKey(x, r.label(), r.eps()), sb.toString());
        changed = true;
    }

    /** Writes the file (atomically) when something was added. */
    public void save() throws IOException {
        if (!changed) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
        AtomicFiles.write(file, sb.toString());
        changed = false;
    }

    /** The SHA-256 (hex) of a point's values, its label and eps: identifies a point across runs and files. */
    public static String pointKey(double[] x, int label, double eps) {
        ByteBuffer b = ByteBuffer.allocate(8 * x.length + 12);
        for (double v : x) {
            b.putDouble(v);
        }
        b.putInt(label).putDouble(eps);
        return sha256Hex(b.array());
    }

    /** The SHA-256 of the concatenated parts, in lower-case hex. */
    public static String sha256Hex(byte[]... parts) {
        MessageDigest md = sha256();
        for (byte[] p : parts) {
            md.update(p);
        }
        return HexFormat.of().formatHex(md.digest()).toLowerCase(Locale.ROOT);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
