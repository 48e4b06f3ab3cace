package io.netverify.benchmarks;

import io.netverify.onnx.OnnxModel;
import io.netverify.training.Geometry;
import io.netverify.training.Network;
import io.netverify.training.NetworkImport;
import io.netverify.training.RobustLoss;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Samples per second of one certified-training step (the IBP or CROWN-IBP robust loss and its
 * gradient with respect to every weight, no optimizer update), in the setting of auto_LiRPA's
 * reference ({@code shared/reference/throughput}): the mnist_fc networks, uniform random 28x28
 * images (seed 0), random labels, eps 0.02 clipped to [0, 1]; and a small CNN of CROWN-IBP's MNIST
 * models (conv 16 4x4/2, conv 32 4x4/2, fc 100, fc 10). Mean of 3 steps after one warm-up step.
 *
 * <p>Usage: {@code TrainingThroughputBenchmark <shared> <batch>...}
 */
public final class TrainingThroughputBenchmark {
    private static final int REPEATS = 3;

    private TrainingThroughputBenchmark() {
    }

    public static void main(String[] args) {
        Path shared = Path.of(args[0]);
        int[] batches = Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray();
        System.out.println("| network | batch | loss | s per step | samples/s |");
        System.out.println("|---|---|---|---|---|");
        for (String name : List.of("mnist-net_256x2", "mnist-net_256x4")) {
            Network net = NetworkImport.fromGraph(
                OnnxModel.read(shared.resolve("benchmarks/mnist_fc/onnx/" + name + ".onnx")).toGraph());
            run(name, net, batches);
        }
        Network cnn = Network.builder(Geometry.image(1, 28, 28), 0).conv(16, 4, 2, 1).relu().conv(32, 4, 2, 1).relu()
            .flatten().linear(100).relu().linear(10).build();
        run("cnn 16c4-32c4-100-10", cnn, batches);
    }

    private static void run(String name, Network net, int[] batches) {
        for (int b : batches) {
            Random r = new Random(0);
            double[] x = new double[b * net.input().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble();
            }
            int[] labels = new int[b];
            for (int i = 0; i < b; i++) {
                labels[i] = r.nextInt(net.classes());
            }
            for (String loss : List.of("IBP", "CROWN-IBP")) {
                RobustLoss l = new RobustLoss(0, loss.equals("IBP") ? 0 : 1);
                l.evaluate(net, x, labels, 0.02, 0, 1);
                long t0 = System.nanoTime();
                for (int k = 0; k < REPEATS; k++) {
                    l.evaluate(net, x, labels, 0.02, 0, 1);
                }
                double s = (System.nanoTime() - t0) / 1e9 / REPEATS;
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %.4f | %.0f |%n", name, b, loss, s, b / s);
            }
        }
    }
}
