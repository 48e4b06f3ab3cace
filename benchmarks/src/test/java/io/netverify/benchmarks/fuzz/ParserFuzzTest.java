package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.SharedData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A short seeded fuzzing run of each parser in the suite (a few seconds): mutated synthetic seeds,
 * plus the shared benchmark files of the kind (the small ones, to stay fast) when
 * {@code netverify.shared} is set. Every input must give a result or the one-line input error
 * ({@link ParserContract}); a failure names the input in Base64.
 */
class ParserFuzzTest {
    /** Largest shared file used as a seed here; the benchmark runner takes them all. */
    private static final int MAX_SEED_BYTES = 16 * 1024;

    @Test
    void onnxReader() {
        fuzz(ParserFuzzTarget.ONNX, seeds(ParserSeeds.syntheticOnnx(), ".onnx"), 1_000);
    }

    @Test
    void vnnlibParser() {
        fuzz(ParserFuzzTarget.VNNLIB, seeds(ParserSeeds.syntheticVnnlib(), ".vnnlib"), 10_000);
    }

    private enum ParserFuzzTarget {
        ONNX(ParserContract::onnx), VNNLIB(ParserContract::vnnlib);

        final Consumer<byte[]> contract;

        ParserFuzzTarget(Consumer<byte[]> contract) {
            this.contract = contract;
        }
    }

    private static List<byte[]> seeds(List<byte[]> synthetic, String extension) {
        List<byte[]> seeds = new ArrayList<>(synthetic);
        if (!System.getProperty(SharedData.PROPERTY, "").isBlank()) {
            List<byte[]> shared = ParserSeeds.filesUnder(SharedData.root().resolve("benchmarks"), extension);
            assertTrue(!shared.isEmpty(), "no " + extension + " files under the shared benchmarks");
            shared.stream().filter(b -> b.length <= MAX_SEED_BYTES).forEach(seeds::add);
        }
        return seeds;
    }

    private static void fuzz(ParserFuzzTarget target, List<byte[]> seeds, int inputs) {
        SeededMutator mutator = new SeededMutator(12, seeds);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < inputs; i++) {
                byte[] input = i < seeds.size() ? seeds.get(i) : mutator.next();
                long start = System.nanoTime();
                try {
                    target.contract.accept(input);
                } catch (RuntimeException | Error e) {
                    fail("input " + i + " (Base64 " + Base64.getEncoder().encodeToString(input) + "): " + e, e);
                }
                if (System.nanoTime() - start > 5_000_000_000L) {
                    fail("input " + i + " took over 5 s (Base64 " + Base64.getEncoder().encodeToString(input) + ")");
                }
            }
        });
    }
}
