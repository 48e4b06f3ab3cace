package io.netverify.verifier.shard;

import io.netverify.onnx.AtomicFiles;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a shard folder holds: the command that wrote it, the fingerprint of its configuration (equal
 * for all shards of one run), which shard it is, how many items the whole run has, the positions
 * (in the whole run's order) and ids of the items it covered, and whatever the command needs to
 * write the merged outputs ({@code context}). Stored as {@value #FILE} in the folder.
 */
public record ShardManifest(String command, String fingerprint, Shard shard, int total, List<Integer> positions,
                            List<String> ids, Map<String, String> context) {
    /** The manifest's file name inside a shard folder. */
    public static final String FILE = "shard.properties";

    /** Writes the manifest into {@code dir} (atomically). */
    public void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("command", command);
        p.setProperty("fingerprint", fingerprint);
        p.setProperty("shard", shard.toString());
        p.setProperty("total", Integer.toString(total));
        p.setProperty("positions", positions.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        for (int k = 0; k < ids.size(); k++) {
            p.setProperty("id." + k, ids.get(k));
        }
        context.forEach((k, v) -> p.setProperty("context." + k, v));
        StringWriter w = new StringWriter();
        p.store(w, null);
        // sorted and without the date line: the same shard gives the same file
        String text = w.toString().lines().filter(l -> !l.startsWith("#")).sorted().collect(Collectors.joining("\n", "", "\n"));
        AtomicFiles.write(dir.resolve(FILE), text);
    }

    /** Reads the manifest of a shard folder; a folder without one or with a damaged one is a {@link ShardException}. */
    public static ShardManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            throw new ShardException(dir + ": not a shard folder (no " + FILE + ")");
        }
        try {
            List<Integer> positions = p.getProperty("positions", "").isBlank() ? List.of()
                : Arrays.stream(p.getProperty("positions").split(" ")).map(Integer::valueOf).toList();
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < positions.size(); k++) {
                ids.add(required(p, "id." + k, file));
            }
            Map<String, String> context = new TreeMap<>();
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("context.")) {
                    context.put(k.substring("context.".length()), p.getProperty(k));
                }
            }
            return new ShardManifest(required(p, "command", file), required(p, "fingerprint", file),
                Shard.parse(required(p, "shard", file)), Integer.parseInt(required(p, "total", file)), positions, ids,
                new LinkedHashMap<>(context));
        } catch (NumberFormatException | ShardException e) {
            throw new ShardException(file + ": damaged manifest (" + e.getMessage() + ")");
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new ShardException(file + ": damaged manifest (no '" + key + "')");
        }
        return v;
    }

    /** A context value that the writing command always stores. */
    public String get(String key) {
        String v = context.get(key);
        if (v == null) {
            throw new ShardException("shard " + shard + ": the manifest has no '" + key + "' (written by another version?)");
        }
        return v;
    }
}
