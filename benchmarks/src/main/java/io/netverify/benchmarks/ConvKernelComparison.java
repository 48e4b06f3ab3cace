package io.netverify.benchmarks;

import io.netverify.onnx.Graph;
import io.netverify.onnx.Node;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ops.Operator;
import io.netverify.onnx.ops.Operators;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The forward kernels of every Conv and ConvTranspose node of some networks ({@code Operator.evaluate},
 * as alpha-CROWN's gradient, the attacks and the witness checks call it), with several builds of
 * onnx-import in one JVM, calls interleaved so that the machine's load weighs on every build alike.
 * Each call evaluates one node on {@code rows} random batch elements (as {@code evaluateRows} stacks
 * alpha-CROWN's rows); its cost is the calling thread's CPU time. Prints per node and build the
 * median CPU time of a call, the ratio to the first build, the load average at the start and end,
 * and the largest difference of the builds' outputs to the first's (relative to the node's largest output).
 *
 * <p>Usage: {@code ConvKernelComparison <seconds> <rows> <onnx,onnx,...> <classpath of build 1>
 * <classpath of build 2>...} (each classpath: this class's, e.g. benchmarks/target/classes, then
 * the build's onnx-import classes and protobuf-java).
 */
public final class ConvKernelComparison {
    private ConvKernelComparison() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        List<Supplier<double[][]>> builds = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            @SuppressWarnings("unchecked")
            Supplier<double[][]> run = (Supplier<double[][]>) BuildLoader.instance(args[i], Run.class,
                new Class<?>[] {String.class, String.class}, args[2], args[1]);
            builds.add(run);
        }
        Run names = new Run(args[2], args[1]);
        int nodes = names.nodes.size();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<List<double[]>> times = new ArrayList<>();
        double[] maxDiff = new double[builds.size()];
        for (int b = 0; b < builds.size(); b++) {
            times.add(new ArrayList<>());
        }
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int pass = 0;
        while (System.nanoTime() < end) {
            for (int b = 0; b < builds.size(); b++) {
                // alternate which build goes first
                int k = (b + pass) % builds.size();
                double[][] r = builds.get(k).get();
                times.get(k).add(r[0]);
            }
            pass++;
        }
        double[][] ref = builds.get(0).get();
        for (int b = 1; b < builds.size(); b++) {
            double[][] r = builds.get(b).get();
            for (int i = 1; i < r.length; i++) {
                double scale = Arrays.stream(ref[i]).map(Math::abs).max().orElse(0);
                for (int j = 0; j < r[i].length; j++) {
                    maxDiff[b] = Math.max(maxDiff[b], Math.abs(r[i][j] - ref[i][j]) / scale);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d passes per build, %s rows per call, load %.2f -> %.2f%n", pass, args[1], load,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double[][] medians = new double[builds.size()][nodes + 1];
        for (int b = 0; b < builds.size(); b++) {
            for (int n = 0; n <= nodes; n++) {
                int node = n;
                double[] t = times.get(b).stream().mapToDouble(x -> node < nodes ? x[node] : Arrays.stream(x).sum()).sorted().toArray();
                medians[b][n] = t[t.length / 2];
            }
        }
        for (int n = 0; n <= nodes; n++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-64s", n < nodes ? names.nodes.get(n) : "all nodes"));
            for (int b = 0; b < builds.size(); b++) {
                line.append(String.format(Locale.ROOT, "  build %d %9.3f ms", b + 1, medians[b][n] * 1e3));
                if (b > 0) {
                    line.append(String.format(Locale.ROOT, " (%.2fx)", medians[b][n] / medians[0][n]));
                }
            }
            System.out.println(line);
        }
        for (int b = 1; b < builds.size(); b++) {
            System.out.printf(Locale.ROOT, "build %d: largest difference to build 1, relative to the node's largest output, %.2e%n", b + 1, maxDiff[b]);
        }
    }

    /**
     * One build's calls: get() evaluates every Conv/ConvTranspose node once and returns the thread
     * CPU seconds per node (entry 0) and each node's output (entries 1..).
     */
    public static final class Run implements Supplier<double[][]> {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final List<String> nodes = new ArrayList<>();
        private final List<Operator> operators = new ArrayList<>();
        private final List<Node> calls = new ArrayList<>();
        private final List<List<Tensor>> inputs = new ArrayList<>();

        public Run(String onnx, String rows) {
            Random rnd = new Random(1);
            for (String file : onnx.split(",")) {
                Graph graph = OnnxModel.read(Path.of(file)).toGraph();
                for (Node n : graph.nodes()) {
                    if (!n.opType().equals("Conv") && !n.opType().equals("ConvTranspose")) {
                        continue;
                    }
                    Shape xs = graph.shape(n.input(0));
                    int[] dims = xs.dims();
                    dims[0] *= Integer.parseInt(rows);
                    double[] x = new double[Shape.of(dims).size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = rnd.nextGaussian();
                    }
                    List<Tensor> in = new ArrayList<>();
                    in.add(new Tensor(graph.info(n.input(0)).type(), Shape.of(dims), x));
                    for (int i = 1; i < n.inputs().size(); i++) {
                        in.add(n.input(i).isEmpty() ? null : graph.constant(n.input(i)));
                    }
                    nodes.add(Path.of(file).getFileName() + " " + n.opType() + " " + xs + " -> " + graph.shape(n.output()));
                    operators.add(Operators.find(n.opType()).orElseThrow());
                    calls.add(n);
                    inputs.add(in);
                }
            }
        }

        @Override
        public double[][] get() {
            double[][] r = new double[calls.size() + 1][];
            r[0] = new double[calls.size()];
            for (int i = 0; i < calls.size(); i++) {
                long t = THREADS.getCurrentThreadCpuTime();
                Tensor y = operators.get(i).evaluate(calls.get(i), inputs.get(i)).get(0);
                r[0][i] = (THREADS.getCurrentThreadCpuTime() - t) / 1e9;
                r[i + 1] = y.backingArray();
            }
            return r;
        }
    }
}
