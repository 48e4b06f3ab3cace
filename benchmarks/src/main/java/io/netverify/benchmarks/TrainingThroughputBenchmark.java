package io.netverify.benchmarks;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Interval;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.training.Box;
import io.netverify.training.Geometry;
import io.netverify.training.Network;
import io.netverify.training.NetworkImport;
import io.netverify.training.RobustLoss;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Samples per second of one certified-training step (the IBP or CROWN-IBP robust loss and its
 * gradient with respect to every weight, no optimizer update), in the setting of auto_LiRPA's
 * reference ({@code shared/reference/throughput}): the mnist_fc networks, uniform random 28x28
 * images (seed 0), random labels, eps 0.02 clipped to [0, 1]; and a small CNN of CROWN-IBP's MNIST
 * models (conv 16 4x4/2, conv 32 4x4/2, fc 100, fc 10). Mean of 3 steps after 3 warm-up steps.
 * Baseline in the same run, so that the ratios hold on a loaded machine: the bound engine's batched
 * IBP bounds of the same boxes without gradients ({@code BoundPropagator.computeBatch}, the
 * network exported to ONNX and read back), as auto_LiRPA's reference has its certify-style IBP.
 *
 * <p>Usage: {@code TrainingThroughputBenchmark <shared> <batch>...}
 */
public final class TrainingThroughputBenchmark {
    private static final int REPEATS = 3;
    /** Steps before timing: the first configurations would otherwise time the JIT compiler. */
    private static final int WARMUP = 3;

    private TrainingThroughputBenchmark() {
    }

    public static void main(String[] args) {
        Path shared = Path.of(args[0]);
        int[] batches = Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray();
        System.out.println("| network | batch | what | s per batch | samples/s | CPU s per batch | samples/s at 2 cores busy |");
        System.out.println("|---|---|---|---|---|---|---|");
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
            baseline(name, net, x, b);
            for (String loss : List.of("IBP", "CROWN-IBP")) {
                RobustLoss l = new RobustLoss(0, loss.equals("IBP") ? 0 : 1);
                for (int k = 0; k < WARMUP; k++) {
                    l.evaluate(net, x, labels, 0.02, 0, 1);
                }
                long t0 = System.nanoTime();
                long c0 = cpu();
                for (int k = 0; k < REPEATS; k++) {
                    l.evaluate(net, x, labels, 0.02, 0, 1);
                }
                report(name, b, "train-step " + loss, t0, c0);
            }
        }
    }

    /** The engine's IBP bounds of the same boxes (one spec for all: the cost does not depend on the label). */
    private static void baseline(String name, Network net, double[] x, int b) {
        Graph g = OnnxModel.parse(net.toOnnx(DataType.DOUBLE), name).toGraph();
        int size = net.input().size();
        Box box = RobustLoss.box(x, 0.02, 0, 1);
        List<Interval> boxes = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            boxes.add(new Interval(Arrays.copyOfRange(box.lower(), i * size, (i + 1) * size),
                Arrays.copyOfRange(box.upper(), i * size, (i + 1) * size)));
        }
        int k = net.classes();
        double[][] c = new double[k - 1][k];
        for (int j = 1; j < k; j++) {
            c[j - 1][0] = 1;
            c[j - 1][j] = -1;
        }
        BoundPropagator p = BoundPropagator.of(g).method(BoundMethod.IBP);
        for (int w = 0; w < WARMUP; w++) {
            p.computeBatch(boxes, c, new double[k - 1]);
        }
        long t0 = System.nanoTime();
        long c0 = cpu();
        for (int r = 0; r < REPEATS; r++) {
            p.computeBatch(boxes, c, new double[k - 1]);
        }
        report(name, b, "engine IBP bounds (baseline)", t0, c0);
    }

    /**
     * Prints wall and CPU time per batch since {@code t0}, {@code c0}. On a machine loaded by other
     * jobs the wall time mostly measures the load; the CPU time does not, and CPU / 2 is about what
     * the step takes with both cores of an idle 2-core machine (the kernels run in parallel).
     */
    private static void report(String name, int b, String what, long t0, long c0) {
        double s = (System.nanoTime() - t0) / 1e9 / REPEATS;
        double cpu = (cpu() - c0) / 1e9 / REPEATS;
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.4f | %.0f | %.4f | %.0f |%n", name, b, what, s, b / s, cpu,
            b / (cpu / 2));
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
