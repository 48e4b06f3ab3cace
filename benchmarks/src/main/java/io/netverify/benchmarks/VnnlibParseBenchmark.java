package io.netverify.benchmarks;

import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Times {@link VnnlibParser#parse(Path)} on the largest VNN-LIB file of the shared benchmarks (a
 * 3072-input CIFAR spec): the first, cold parse, then after warm-up the median and minimum of
 * {@value #RUNS} parses (file reading included). Usage: {@code VnnlibParseBenchmark <shared folder>}.
 */
public final class VnnlibParseBenchmark {
    private static final int RUNS = 200;
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    private VnnlibParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: VnnlibParseBenchmark <shared folder>");
            System.exit(2);
        }
        Path spec = largestSpec(Path.of(args[0], "benchmarks"));
        long t0 = System.nanoTime();
        Specification first = VnnlibParser.parse(spec);
        double coldMs = (System.nanoTime() - t0) / 1e6;

        long sink = 0;
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUpEnd) {
            sink += VnnlibParser.parse(spec).cases().size();
        }
        double[] ms = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long t = System.nanoTime();
            sink += VnnlibParser.parse(spec).cases().size();
            ms[r] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("spec: %s (%d bytes, %d inputs, %d outputs, %d case(s))%n", spec, Files.size(spec),
            first.numInputs(), first.numOutputs(), first.cases().size());
        System.out.printf("first (cold) parse: %.1f ms%n", coldMs);
        System.out.printf("after warm-up, %d parses: median %.2f ms, min %.2f ms (checksum %d)%n",
            RUNS, ms[RUNS / 2], ms[0], sink);
    }

    private static Path largestSpec(Path benchmarks) throws IOException {
        try (Stream<Path> files = Files.walk(benchmarks)) {
            return files.filter(p -> p.toString().endsWith(".vnnlib"))
                .max(Comparator.comparingLong(VnnlibParseBenchmark::size).thenComparing(Comparator.reverseOrder()))
                .orElseThrow(() -> new IOException("no .vnnlib file under " + benchmarks));
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
