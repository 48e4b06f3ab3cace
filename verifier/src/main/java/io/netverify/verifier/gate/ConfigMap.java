package io.netverify.verifier.gate;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One YAML mapping of a gate configuration, read key by key with errors that name the file, the line
 * and the key ({@code gate.yaml:7: specs[0].eps: expected a number, got 'abc'}).
 */
final class ConfigMap {
    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    ConfigMap(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (!(node instanceof MappingNode m)) {
            throw error(node, "expected a mapping (key: value lines)");
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), "keys must be plain words");
            }
            if (entries.put(k.getValue(), t) != null) {
                throw new ConfigException(file + ":" + line(k) + ": " + qualified(k.getValue()) + ": duplicate key");
            }
        }
    }

    /** Fails on the first key not in {@code known}. */
    void allowOnly(String... known) {
        Set<String> ok = Set.of(known);
        for (NodeTuple t : entries.values()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (!ok.contains(k)) {
                throw new ConfigException(file + ":" + line(t.getKeyNode()) + ": unknown key '" + qualified(k)
                    + "' (expected one of: " + String.join(", ", new TreeSet<>(ok)) + ")");
            }
        }
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** The line (1-based) where this mapping starts. */
    int line() {
        return line(node);
    }

    String where(String key) {
        NodeTuple t = entries.get(key);
        return file + ":" + (t == null ? line(node) : line(t.getKeyNode())) + ": " + qualified(key);
    }

    String string(String key, String fallback) {
        Node v = value(key, fallback == null);
        return v == null ? fallback : scalar(key, v, "a string");
    }

    double number(String key, double fallback, boolean required) {
        Node v = value(key, required);
        if (v == null) {
            return fallback;
        }
        return parseNumber(key, v);
    }

    boolean bool(String key, boolean fallback) {
        Node v = value(key, false);
        if (v == null) {
            return fallback;
        }
        String s = scalar(key, v, "true or false");
        if (!s.equals("true") && !s.equals("false")) {
            throw error(key, v, "expected true or false, got '" + s + "'");
        }
        return s.equals("true");
    }

    /** A number or a list of numbers. */
    double[] numbers(String key, boolean required) {
        Node v = value(key, required);
        if (v == null) {
            return null;
        }
        if (v instanceof SequenceNode s) {
            double[] out = new double[s.getValue().size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = parseNumber(key, s.getValue().get(i));
            }
            if (out.length == 0) {
                throw error(key, v, "expected at least one number");
            }
            return out;
        }
        return new double[] {parseNumber(key, v)};
    }

    ConfigMap map(String key, boolean required) {
        Node v = value(key, required);
        return v == null ? null : new ConfigMap(file, qualified(key), v);
    }

    /** A list of mappings. */
    List<ConfigMap> maps(String key) {
        Node v = value(key, true);
        if (!(v instanceof SequenceNode s) || s.getValue().isEmpty()) {
            throw error(key, v, "expected a non-empty list of mappings (lines starting with '- ')");
        }
        List<ConfigMap> out = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
            out.add(new ConfigMap(file, qualified(key) + "[" + i + "]", s.getValue().get(i)));
        }
        return out;
    }

    ConfigException error(String key, String message) {
        return new ConfigException(where(key) + ": " + message);
    }

    private Node value(String key, boolean required) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            if (required) {
                throw new ConfigException(file + ":" + line(node) + ": " + (path.isEmpty() ? "" : path + ": ")
                    + "missing key '" + key + "'");
            }
            return null;
        }
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && s.isPlain() && (s.getValue().isEmpty() || s.getValue().equals("null")
            || s.getValue().equals("~"))) {
            if (required) {
                throw error(key, v, "a value is required");
            }
            return null;
        }
        return v;
    }

    private double parseNumber(String key, Node v) {
        String s = scalar(key, v, "a number");
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw error(key, v, "expected a finite number, got '" + s + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw error(key, v, "expected a number, got '" + s + "'");
        }
    }

    private String scalar(String key, Node v, String expected) {
        if (!(v instanceof ScalarNode s)) {
            throw error(key, v, "expected " + expected + ", got a " + (v instanceof SequenceNode ? "list" : "mapping"));
        }
        return s.getValue();
    }

    private ConfigException error(String key, Node at, String message) {
        return new ConfigException(file + ":" + line(at) + ": " + qualified(key) + ": " + message);
    }

    private ConfigException error(Node at, String message) {
        return new ConfigException(file + ":" + line(at) + ": " + (path.isEmpty() ? "the file" : path) + ": " + message);
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
