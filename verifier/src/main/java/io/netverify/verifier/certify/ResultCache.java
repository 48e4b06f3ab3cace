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
 * Decided outcomes (certified, falsified) of earlier runs, so an unchanged CI gate reruns in
 * milliseconds. One file per model and engine: its name is the SHA-256 of the model's bytes, the
 * settings' {@link CertifySettings#engineKey()} and the netverify version; inside, one line per
 * point, keyed by the SHA-256 of the point's values, its label and eps. Unknown outcomes are not
 * stored, so they are retried. A cached counterexample is re-checked before it is reported; a
 * certified entry is trusted, so the cache folder should be written only by netverify.
 */
public final class ResultCache {
    private final Path file;
    private final Map<String, String> entries = new LinkedHashMap<>();
    private boolean changed;
    private int hits;

    private ResultCache(Path file) {
        this.file = file;
    }

    /** Opens (or starts) the cache file for this model and engine in {@code dir}. */
    public static ResultCache open(Path dir, byte[] model, CertifySettings settings, String version) throws IOException {
        MessageDigest md = sha256();
        md.update(model);
        md.update(("\n" + settings.engineKey() + "\n" + version).getBytes(StandardCharsets.UTF_8));
        ResultCache c = new ResultCache(dir.resolve(HexFormat.of().formatHex(md.digest()) + ".tsv"));
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

    /** The stored outcome of point x (with this index in the data), or null. */
    PointResult get(int index, double[] x, int label, double eps) {
        String v = entries.get(pointKey(x, label, eps));
        if (v == null) {
            return null;
        }
        String[] f = v.split("\t", -1);
        PointVerdict verdict = f.length == 5 ? PointVerdict.named(f[0]) : null;
        if (verdict != PointVerdict.CERTIFIED && verdict != PointVerdict.FALSIFIED) {
            return null;
        }
        try {
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

    /** Stores a decided outcome (others are ignored: they are retried next time). */
    void put(double[] x, PointResult r) {
        if (r.verdict() != PointVerdict.CERTIFIED && r.verdict() != PointVerdict.FALSIFIED || r.cached()) {
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
        return HexFormat.of().formatHex(sha256().digest(b.array())).toLowerCase(Locale.ROOT);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
