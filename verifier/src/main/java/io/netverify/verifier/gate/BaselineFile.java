package io.netverify.verifier.gate;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.certify.JsonText;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A gate baseline (JSON, written by {@code verify gate --update-baseline}): per spec its metrics and
 * the keys of the points it certified ({@link SpecOutcome#pointKeys()}), so a later run can tell which
 * certified points lost their certificate.
 */
public record BaselineFile(Map<String, Entry> specs) {
    /** One spec's baseline: its metrics by key, and the certified points. */
    public record Entry(Map<String, Double> metrics, Set<String> certified) {
    }

    public static BaselineFile read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such baseline file (write one with verify gate --update-baseline)");
        }
        Object root;
        try {
            // JSON is YAML 1.2: the same maintained parser reads both
            root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new ConfigException(file + ": not a valid baseline (not JSON): " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> m) || !(m.get("specs") instanceof Map<?, ?> specs)) {
            throw new ConfigException(file + ": not a netverify baseline (no \"specs\" object)");
        }
        Map<String, Entry> out = new HashMap<>();
        for (Map.Entry<?, ?> e : specs.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                throw new ConfigException(file + ": spec " + e.getKey() + " is not an object");
            }
            Map<String, Double> metrics = new HashMap<>();
            for (Metric metric : Metric.values()) {
                if (spec.get(metric.key()) instanceof Number n) {
                    metrics.put(metric.key(), n.doubleValue());
                }
            }
            Set<String> certified = new HashSet<>();
            if (spec.get("certified") instanceof List<?> list) {
                list.forEach(k -> certified.add(String.valueOf(k)));
            }
            out.put(String.valueOf(e.getKey()), new Entry(metrics, certified));
        }
        return new BaselineFile(out);
    }

    /** Writes the baseline of a gate run (atomically). */
    public static void write(Path file, List<SpecOutcome> outcomes, String version) throws IOException {
        StringBuilder sb = new StringBuilder("{\n  \"netverify_baseline\": 1,\n  \"version\": ")
            .append(JsonText.string(version)).append(",\n  \"specs\": {");
        for (int s = 0; s < outcomes.size(); s++) {
            SpecOutcome o = outcomes.get(s);
            sb.append(s == 0 ? "\n" : ",\n").append("    ").append(JsonText.string(o.spec().name())).append(": {")
                .append(String.format(Locale.ROOT, "\"eps\": %s, \"method\": %s", JsonText.number(o.spec().eps()),
                    JsonText.string(o.spec().method().word())));
            for (Metric m : Metric.values()) {
                sb.append(", ").append(JsonText.string(m.key())).append(": ").append(JsonText.number(m.of(o.totals())));
            }
            sb.append(",\n      \"certified\": [");
            boolean first = true;
            for (String key : certifiedKeys(o)) {
                sb.append(first ? "" : ", ").append(JsonText.string(key));
                first = false;
            }
            sb.append("]}");
        }
        AtomicFiles.write(file, sb.append("\n  }\n}\n").toString());
    }

    private static List<String> certifiedKeys(SpecOutcome o) {
        List<PointResult> points = o.report().points();
        return java.util.stream.IntStream.range(0, points.size())
            .filter(k -> points.get(k).verdict() == PointVerdict.CERTIFIED).mapToObj(o.pointKeys()::get).toList();
    }
}
