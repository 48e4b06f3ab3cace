package io.netverify.benchmarks;

import io.netverify.training.Geometry;
import io.netverify.training.Network;
import io.netverify.training.Trainer;
import io.netverify.verifier.certify.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The larger certified-training run: Fashion-MNIST (IDX files of Debian's
 * {@code dataset-fashion-mnist}, pixels read as values in [0, 1]), an MLP 784-100-100-10 trained
 * naturally and with IBP (batch 256), compared by {@link CertifiedTrainingComparison} on the first
 * test images at eps 0.01 and 0.05.
 *
 * <p>Usage: {@code FashionMnistTrainingBenchmark <folder with the .gz IDX files> <output dir> <epochs> <test images>}
 */
public final class FashionMnistTrainingBenchmark {
    private static final double[] EPS = {0.01, 0.05};
    private static final double TRAIN_EPS = 0.07;

    private FashionMnistTrainingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int epochs = Integer.parseInt(args[2]);
        Files.createDirectories(out);
        // the reader scales byte pixels to [0, 1]
        Dataset train = Dataset.read(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));
        Dataset test = Dataset.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"))
            .limit(Integer.parseInt(args[3]));
        Map<String, Trainer> trainers = new LinkedHashMap<>();
        trainers.put("natural", Trainer.natural(epochs, 256, 0, 1, 1));
        int ramp = Math.max(1, epochs / 2);
        trainers.put("ibp", Trainer.certified(epochs, 256, train.size(), TRAIN_EPS, 1, ramp, 0, 0, 1, 1));
        CertifiedTrainingComparison.run(trainers,
            () -> Network.builder(Geometry.flat(784), 7).linear(100).relu().linear(100).relu().linear(10).build(), 0.002,
            train.points(), train.labels(), test, EPS, out);
    }
}
