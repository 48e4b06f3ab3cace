package io.netverify.benchmarks;

import io.netverify.onnx.AtomicFiles;
import io.netverify.training.Geometry;
import io.netverify.training.LabelledCsv;
import io.netverify.training.Network;
import io.netverify.training.Trainer;
import io.netverify.verifier.certify.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The certified-training example on the UCI 8x8 digits (values 0..16 scaled to [0, 1]; a seeded
 * split of 1437 training and 360 test images): the same MLP (64-100-100-10, ReLU) trained naturally,
 * with IBP and with CROWN-IBP, compared by {@link CertifiedTrainingComparison} at eps 0.02, 0.05
 * and 0.1. Also writes the test set as CSV for {@code verify certify}.
 *
 * <p>Usage: {@code DigitsTrainingBenchmark <digits.csv.gz> <output dir>}
 */
public final class DigitsTrainingBenchmark {
    private static final double[] EPS = {0.02, 0.05, 0.1};
    private static final double TRAIN_EPS = 0.15;
    private static final int TEST = 360;

    private DigitsTrainingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        LabelledCsv[] split = LabelledCsv.read(Path.of(args[0]), 16).split(TEST, 0);
        LabelledCsv train = split[0];
        LabelledCsv test = split[1];
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        writeCsv(test, out.resolve("digits-test.csv"));
        Map<String, Trainer> trainers = new LinkedHashMap<>();
        trainers.put("natural", Trainer.natural(30, 64, 0, 1, 1));
        trainers.put("ibp", Trainer.certified(60, 64, train.size(), TRAIN_EPS, 2, 25, 0, 0, 1, 1));
        trainers.put("crown-ibp", Trainer.certified(60, 64, train.size(), TRAIN_EPS, 2, 25, 1, 0, 1, 1));
        CertifiedTrainingComparison.run(trainers,
            () -> Network.builder(Geometry.flat(64), 7).linear(100).relu().linear(100).relu().linear(10).build(), 0.003,
            train.features(), train.labels(), new Dataset(test.features(), test.labels(), new int[] {64}), EPS, out);
    }

    private static void writeCsv(LabelledCsv data, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            for (double v : data.features()[i]) {
                sb.append(v).append(',');
            }
            sb.append(data.labels()[i]).append('\n');
        }
        AtomicFiles.write(file, sb.toString());
    }
}
