package io.netverify.onnx;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access to {@code ../shared} for tests. Its location comes from the system property
 * {@code netverify.shared} (set by .ci/run); tests are skipped only when the property is unset, and
 * fail when it is set and a file is missing.
 */
public final class SharedData {
    public static final String PROPERTY = "netverify.shared";

    /** One VNN-COMP instance: network, spec and timeout, with absolute paths. */
    public record Instance(String benchmark, Path onnx, Path vnnlib, double timeout) {
    }

    private SharedData() {
    }

    /** The shared folder; skips the calling test when the property is unset. */
    public static Path root() {
        String p = System.getProperty(PROPERTY, "");
        Assumptions.assumeFalse(p.isBlank(), PROPERTY + " is not set: shared-data test skipped");
        Path root = Path.of(p);
        assertTrue(Files.isDirectory(root), PROPERTY + "=" + p + " is not a directory");
        return root;
    }

    /** A file under the shared folder, which must exist. */
    public static Path file(String relative) {
        Path f = root().resolve(relative);
        assertTrue(Files.exists(f), "missing shared file: " + f);
        return f;
    }

    /** Names of the benchmark folders that have an instances.csv. */
    public static List<String> benchmarks() {
        Path dir = file("benchmarks");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("instances.csv")))
                .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instances of one benchmark folder, from its instances.csv. */
    public static List<Instance> instances(String benchmark) {
        Path dir = file("benchmarks/" + benchmark);
        Path csv = dir.resolve("instances.csv");
        assertTrue(Files.exists(csv), "missing " + csv);
        List<Instance> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(csv)) {
                String[] f = line.trim().split(",");
                if (f.length < 3 || f[0].isBlank()) {
                    continue;
                }
                Path onnx = dir.resolve(f[0].trim()).normalize();
                Path spec = dir.resolve(f[1].trim()).normalize();
                assertTrue(Files.exists(onnx), "missing shared file: " + onnx);
                assertTrue(Files.exists(spec), "missing shared file: " + spec);
                out.add(new Instance(benchmark, onnx, spec, Double.parseDouble(f[2].trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every instance of every benchmark. */
    public static List<Instance> allInstances() {
        List<Instance> all = new ArrayList<>();
        for (String b : benchmarks()) {
            all.addAll(instances(b));
        }
        return all;
    }

    /** The distinct networks of all benchmarks. */
    public static List<Path> allNetworks() {
        return allInstances().stream().map(Instance::onnx).distinct().sorted().toList();
    }
}
