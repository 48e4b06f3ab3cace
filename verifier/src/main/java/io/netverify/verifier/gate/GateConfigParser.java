package io.netverify.verifier.gate;

import io.netverify.bounds.EnumWords;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifySettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a gate configuration (YAML, see the README): unknown keys, wrong types, bad values and
 * missing input files are {@link ConfigException}s naming the file, the line and the key.
 */
public final class GateConfigParser {
    private GateConfigParser() {
    }

    public static GateConfig read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        }
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text)
                .orElseThrow(() -> new ConfigException(file + ": empty configuration"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(file + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return parse(new ConfigMap(file.toString(), "", root), file.toAbsolutePath().getParent());
    }

    private static GateConfig parse(ConfigMap root, Path dir) {
        root.allowOnly("model", "data", "instances", "specs", "baseline", "unknown", "budget", "max_error_rate", "cache",
            "reports");
        boolean list = root.has("instances");
        if (list && (root.has("model") || root.has("data"))) {
            throw root.error("instances", "give either model and data, or an instance list, not both");
        }
        Path model = list ? null : existing(root, "model", dir);
        GateConfig.Data data = list ? null : data(root.map("data", true), dir);
        Path instances = list ? existing(root, "instances", dir) : null;
        List<GateConfig.Spec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigMap s : root.maps("specs")) {
            GateConfig.Spec spec = list ? instanceSpec(s) : spec(s);
            if (!names.add(spec.name())) {
                throw s.error("name", "duplicate spec name '" + spec.name() + "'");
            }
            specs.add(spec);
        }
        String unknown = root.string("unknown", "neutral");
        if (!unknown.equals("neutral") && !unknown.equals("failure")) {
            throw root.error("unknown", "expected neutral or failure, got '" + unknown + "'");
        }
        double budget = positive(root, "budget", 3600);
        double maxErrorRate = root.number("max_error_rate", 0, false);
        if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw root.error("max_error_rate", "expected a share between 0 and 1, got " + maxErrorRate);
        }
        String cache = root.string("cache", ".netverify/cache");
        return new GateConfig(model, data, instances, specs, baseline(root.map("baseline", false), dir), unknown.equals("failure"),
            budget, maxErrorRate, cache.equals("off") ? null : dir.resolve(cache).normalize(),
            reports(root.map("reports", false), dir));
    }

    private static GateConfig.Data data(ConfigMap d, Path dir) {
        d.allowOnly("points", "labels", "range", "normalize", "limit");
        Path points = existing(d, "points", dir);
        Path labels = d.has("labels") ? existing(d, "labels", dir) : null;
        double[] range = d.numbers("range", false);
        if (range != null && (range.length != 2 || !(range[0] <= range[1]))) {
            throw d.error("range", "expected [low, high] with low <= high");
        }
        double mean = 0;
        double std = 1;
        ConfigMap n = d.map("normalize", false);
        if (n != null) {
            n.allowOnly("mean", "std");
            mean = n.number("mean", 0, true);
            std = n.number("std", 1, true);
            if (!(std > 0)) {
                throw n.error("std", "expected a positive number, got " + std);
            }
        }
        double limit = d.number("limit", Integer.MAX_VALUE, false);
        if (!(limit >= 1) || limit != Math.rint(limit)) {
            throw d.error("limit", "expected a positive whole number, got " + limit);
        }
        return new GateConfig.Data(points, labels, range == null ? Double.NEGATIVE_INFINITY : range[0],
            range == null ? Double.POSITIVE_INFINITY : range[1], mean, std, (int) Math.min(limit, Integer.MAX_VALUE));
    }

    private static GateConfig.Spec spec(ConfigMap s) {
        s.allowOnly("name", "eps", "norm", "method", "timeout_per_point", "attack_steps", "thresholds", "lipschitz");
        String name = s.string("name", null);
        double eps = s.number("eps", 0, true);
        if (!(eps >= 0)) {
            throw s.error("eps", "expected a non-negative number, got " + eps);
        }
        String norm = s.string("norm", "linf");
        if (!norm.equals("linf")) {
            throw s.error("norm", "only linf is supported, got '" + norm + "'");
        }
        String methodWord = s.string("method", "crown");
        CertifyMethod method = CertifyMethod.named(methodWord);
        if (method == null) {
            throw s.error("method", "expected ibp, crown, alpha-crown or complete, got '" + methodWord + "'");
        }
        double steps = s.number("attack_steps", CertifySettings.DEFAULT_ATTACK_STEPS, false);
        if (!(steps >= 0) || steps != Math.rint(steps) || steps > Integer.MAX_VALUE) {
            throw s.error("attack_steps", "expected a whole number >= 0, got " + steps);
        }
        return new GateConfig.Spec(name, eps, method, positive(s, "timeout_per_point", 10), (int) steps, thresholds(s),
            lipschitz(s.map("lipschitz", false), eps));
    }

    /** A spec over an instance list: the complete verifier on each instance; no eps, no clean accuracy. */
    private static GateConfig.Spec instanceSpec(ConfigMap s) {
        s.allowOnly("name", "method", "timeout_per_point", "thresholds");
        String method = s.string("method", "complete");
        if (!method.equals("complete")) {
            throw s.error("method", "an instance list is decided by the complete verifier (method: complete), got '" + method + "'");
        }
        List<GateConfig.Threshold> thresholds = thresholds(s);
        if (thresholds.stream().anyMatch(t -> t.metric() == Metric.CLEAN_ACCURACY)) {
            throw s.error("thresholds", "clean_accuracy is not defined for an instance list (no labels)");
        }
        return new GateConfig.Spec(s.string("name", null), 0, CertifyMethod.COMPLETE,
            positive(s, "timeout_per_point", Double.POSITIVE_INFINITY), 0, thresholds, null);
    }

    private static List<GateConfig.Threshold> thresholds(ConfigMap s) {
        List<GateConfig.Threshold> thresholds = new ArrayList<>();
        ConfigMap t = s.map("thresholds", false);
        if (t != null) {
            t.allowOnly(java.util.Arrays.stream(Metric.values()).map(Metric::key).toArray(String[]::new));
            for (String key : t.keys()) {
                ConfigMap bounds = t.map(key, true);
                bounds.allowOnly("min", "max");
                if (!bounds.has("min") && !bounds.has("max")) {
                    throw t.error(key, "expected min and/or max");
                }
                for (String side : List.of("min", "max")) {
                    if (bounds.has(side)) {
                        double v = bounds.number(side, 0, true);
                        if (!(v >= 0 && v <= 1)) {
                            throw bounds.error(side, "expected a share between 0 and 1, got " + v);
                        }
                        thresholds.add(new GateConfig.Threshold(Metric.named(key), side.equals("min"), v));
                    }
                }
            }
        }
        return thresholds;
    }

    /** A spec's lipschitz section (null when absent): max, and optionally norm, method, radius (default eps), points. */
    private static GateConfig.LipschitzThreshold lipschitz(ConfigMap l, double eps) {
        if (l == null) {
            return null;
        }
        l.allowOnly("max", "norm", "method", "radius", "points");
        double max = l.number("max", 0, true);
        if (!(max >= 0)) {
            throw l.error("max", "expected a number >= 0, got " + max);
        }
        String normWord = l.string("norm", "linf");
        InputNorm norm = EnumWords.named(InputNorm.class, normWord);
        if (norm == null) {
            throw l.error("norm", "expected linf, l1 or l2, got '" + normWord + "'");
        }
        String methodWord = l.string("method", "crown");
        Lipschitz.Method method = EnumWords.named(Lipschitz.Method.class, methodWord);
        if (method == null) {
            throw l.error("method", "expected naive, ibp, crown or alpha-crown, got '" + methodWord + "'");
        }
        double radius = l.number("radius", eps, false);
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw l.error("radius", "expected a finite number >= 0, got " + radius);
        }
        double[] listed = l.numbers("points", false);
        int[] points = null;
        if (listed != null) {
            points = new int[listed.length];
            for (int i = 0; i < listed.length; i++) {
                if (!(listed[i] >= 0) || listed[i] != Math.rint(listed[i]) || listed[i] > Integer.MAX_VALUE) {
                    throw l.error("points", "expected point indices (whole numbers >= 0), got " + listed[i]);
                }
                points[i] = (int) listed[i];
            }
        }
        return new GateConfig.LipschitzThreshold(max, norm, method, radius, points, l.where("points"));
    }

    private static GateConfig.Baseline baseline(ConfigMap b, Path dir) {
        if (b == null) {
            return null;
        }
        b.allowOnly("file", "max_absolute_drop", "max_relative_drop", "fail_on_new_violations");
        Path file = dir.resolve(b.string("file", null)).normalize();
        double abs = b.number("max_absolute_drop", 0, false);
        double rel = b.number("max_relative_drop", 1, false);
        if (!(abs >= 0)) {
            throw b.error("max_absolute_drop", "expected a number >= 0, got " + abs);
        }
        if (!(rel >= 0)) {
            throw b.error("max_relative_drop", "expected a number >= 0, got " + rel);
        }
        return new GateConfig.Baseline(file, abs, rel, b.bool("fail_on_new_violations", true));
    }

    private static GateConfig.Reports reports(ConfigMap r, Path dir) {
        if (r == null) {
            return new GateConfig.Reports(null, null, null, null, false);
        }
        r.allowOnly("junit", "json", "markdown", "counterexamples", "point_testcases");
        return new GateConfig.Reports(path(r, "junit", dir), path(r, "json", dir), path(r, "markdown", dir),
            path(r, "counterexamples", dir), r.bool("point_testcases", false));
    }

    private static Path path(ConfigMap m, String key, Path dir) {
        String s = m.string(key, "");
        return s.isEmpty() ? null : dir.resolve(s).normalize();
    }

    private static Path existing(ConfigMap m, String key, Path dir) {
        Path p = dir.resolve(m.string(key, null)).normalize();
        if (!Files.isRegularFile(p) && !Files.isRegularFile(p.resolveSibling(p.getFileName() + ".gz"))) {
            throw m.error(key, "no such file: " + p);
        }
        return p;
    }

    private static double positive(ConfigMap m, String key, double fallback) {
        double v = m.number(key, fallback, false);
        if (!(v > 0)) {
            throw m.error(key, "expected a positive number of seconds, got " + v);
        }
        return v;
    }
}
