package io.netverify.benchmarks;

import io.netverify.bab.lipschitz.LipschitzSearch;
import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Interval;
import io.netverify.bounds.lipschitz.InputNorm;
import io.netverify.bounds.lipschitz.JacobianGraph;
import io.netverify.bounds.lipschitz.Lipschitz;
import io.netverify.bounds.lipschitz.LipschitzBound;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Graph;
import io.netverify.onnx.GraphInference;
import io.netverify.onnx.Node;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Local Lipschitz bounds (l_inf inputs, gradient l_1 norm, output 0) on small random MLPs of our own
 * (ReLU, tanh, sigmoid; seeded, weights N(0, 1/fan_in)), a random 784-20-20-10 MLP and, given the
 * shared folder, the trained mnist-net_256x2 on its prop_0 box: naive, IBP, CROWN, alpha-CROWN and
 * branch and bound against the best lower bound found (sampling with local search, and
 * branch and bound's witnesses), with times. "paper CROWN" is the formulation of Shi et al. (NeurIPS
 * 2022) on the same net: CROWN over the gradient graph through |.| and the sum only (our CROWN also
 * bounds the per-entry and signed-sum rows in the same pass and keeps the least). Every upper bound is checked against the lower bound.
 * Two small random MNIST-shaped CNNs too: Conv 4x4 stride 2 to 4 and 8 channels, ReLU, Linear to 10;
 * and Conv 3x3 to 4 channels, ReLU, MaxPool 2x2, Conv 3x3 stride 2 to 8 channels, ReLU, Linear to 10.
 * Usage: {@code LipschitzBenchmark [shared-folder] [--bab-seconds=S] [--only=NAME-PART,...]}.
 */
public final class LipschitzBenchmark {
    private LipschitzBenchmark() {
    }

    record Case(String name, Graph net, Interval box) {
    }

    public static void main(String[] args) throws Exception {
        double babSeconds = 60;
        Path shared = null;
        String only = null;
        for (String a : args) {
            if (a.startsWith("--only=")) {
                only = a.substring(7);
            } else if (a.startsWith("--bab-seconds=")) {
                babSeconds = Double.parseDouble(a.substring(14));
            } else {
                shared = Path.of(a);
            }
        }
        List<Case> cases = new ArrayList<>();
        cases.add(random("relu 2-16-16-2", 1, "Relu", 1.0, 2, 16, 16, 2));
        cases.add(random("relu 2-16-16-2", 2, "Relu", 1.0, 2, 16, 16, 2));
        cases.add(random("relu 2-16-16-2", 3, "Relu", 0.3, 2, 16, 16, 2));
        cases.add(random("relu 3-32-32-2", 4, "Relu", 0.5, 3, 32, 32, 2));
        cases.add(random("relu 5-32-32-3", 5, "Relu", 0.2, 5, 32, 32, 3));
        cases.add(random("relu 10-50-50-3", 6, "Relu", 0.05, 10, 50, 50, 3));
        cases.add(random("tanh 2-16-16-2", 7, "Tanh", 1.0, 2, 16, 16, 2));
        cases.add(random("tanh 4-32-32-2", 8, "Tanh", 0.3, 4, 32, 32, 2));
        cases.add(random("sigmoid 3-20-20-2", 9, "Sigmoid", 0.5, 3, 20, 20, 2));
        cases.add(random("sigmoid 10-50-50-3", 10, "Sigmoid", 0.1, 10, 50, 50, 3));
        cases.add(random("relu 784-20-20-10 (random)", 11, "Relu", 0.02, 784, 20, 20, 10));
        cases.add(cnn("relu CNN 1x28x28 (random)", 12, 0.02));
        cases.add(pooledCnn("relu+maxpool CNN 1x28x28 (random)", 13, 0.02));
        if (shared != null) {
            Path onnx = shared.resolve("benchmarks/mnist_fc/onnx/mnist-net_256x2.onnx");
            Path spec = shared.resolve("benchmarks/mnist_fc/vnnlib/prop_0_0.03.vnnlib");
            if (Files.exists(onnx) && Files.exists(spec)) {
                InputBox b = VnnlibParser.parse(spec).cases().get(0).box();
                cases.add(new Case("mnist-net_256x2 prop_0 eps 0.03", OnnxModel.read(onnx).toGraph(),
                    new Interval(b.lower(), b.upper())));
            }
        }
        System.out.println("| net | eps | naive | IBP | paper CROWN | CROWN | alpha-CROWN | BaB (status, domains) | best lower | "
            + "paper CROWN/lower | CROWN/lower | BaB/lower | naive/CROWN | s CROWN | s alpha | s BaB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Case k : cases) {
            if (only == null || java.util.Arrays.stream(only.split(",")).anyMatch(k.name()::contains)) {
                run(k, babSeconds);
            }
        }
    }

    private static void run(Case k, double babSeconds) {
        int outputs = k.net().shape(k.net().outputs().get(0)).size();
        double[] c = new double[outputs];
        c[0] = 1;
        double[] r = new double[5];
        double[] seconds = new double[5];
        double lower = 0;
        Lipschitz.Method[] methods = Lipschitz.Method.values();
        for (int m = 0; m < methods.length; m++) {
            long t = System.nanoTime();
            LipschitzBound b = Lipschitz.of(k.net()).norm(InputNorm.LINF).method(methods[m])
                .samples(methods[m] == Lipschitz.Method.CROWN ? 20_000 : 0, 1).bound(k.box(), c);
            seconds[m] = (System.nanoTime() - t) / 1e9;
            r[m] = b.upper();
            lower = Math.max(lower, b.lower());
        }
        double paper = BoundPropagator.of(JacobianGraph.l1Norm(k.net(), c)).method(BoundMethod.CROWN)
            .compute(List.of(io.netverify.bounds.InputSet.box(k.box()))).upper()[0];
        if (r[2] > paper) {
            throw new AssertionError(k.name() + ": CROWN " + r[2] + " above the paper's formulation " + paper);
        }
        long t = System.nanoTime();
        LipschitzSearch.Result s = LipschitzSearch.of(k.net(), c).run(k.box(), t + (long) (babSeconds * 1e9));
        seconds[4] = s.seconds();
        double babUpper = s.upper();
        lower = Math.max(lower, s.lower());
        String bab = String.format(Locale.ROOT, "%.4g (%s, %d)", s.upper(), s.status().name().toLowerCase(Locale.ROOT), s.domains());
        for (double u : new double[] {r[0], r[1], r[2], r[3], babUpper}) {
            if (u < lower) {
                throw new AssertionError(k.name() + ": upper bound " + u + " below a sampled gradient norm " + lower);
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %.4g | %.4g | %.4g | %.4g | %.4g | %s | %.4g | %.2f | %.2f | %.3f | %.1f | %.2f | %.2f | %.1f |%n",
            k.name(), eps(k.box()), r[0], r[1], paper, r[2], r[3], bab, lower, paper / lower, r[2] / lower, babUpper / lower, r[0] / r[2],
            seconds[2], seconds[3], seconds[4]);
    }

    private static String eps(Interval box) {
        return String.format(Locale.ROOT, "%.3g", (box.upper()[0] - box.lower()[0]) / 2);
    }

    /** A seeded random MLP with the given activation; the box is the l_inf ball of radius eps around a random centre in [-1, 1]. */
    static Case random(String name, long seed, String activation, double eps, int... sizes) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> constants = new LinkedHashMap<>();
        String v = "x";
        for (int l = 1; l < sizes.length; l++) {
            int in = sizes[l - 1];
            int out = sizes[l];
            String w = "W" + l;
            String b = "b" + l;
            constants.put(w, Tensor.of(Shape.of(out, in), gaussian(rnd, out * in, 1 / Math.sqrt(in))));
            constants.put(b, Tensor.of(Shape.of(out), gaussian(rnd, out, 0.1)));
            String z = "z" + l;
            nodes.add(new Node("fc" + l, "Linear", List.of(v, w, b), List.of(z), Attributes.EMPTY));
            v = z;
            if (l < sizes.length - 1) {
                String a = "a" + l;
                nodes.add(new Node("act" + l, activation, List.of(z), List.of(a), Attributes.EMPTY));
                v = a;
            }
        }
        Graph g = GraphInference.build("benchmark", name, 17, List.of(new ValueInfo("x", DataType.DOUBLE, Shape.of(sizes[0]))),
            List.of(v), nodes, constants);
        double[] lo = new double[sizes[0]];
        double[] hi = new double[sizes[0]];
        for (int i = 0; i < lo.length; i++) {
            double centre = rnd.nextDouble(-1, 1);
            lo[i] = centre - eps;
            hi[i] = centre + eps;
        }
        return new Case(name + " #" + seed, g, new Interval(lo, hi));
    }

    /** x[1, 1, 28, 28] -> Conv(4, 4x4, stride 2, pad 1) -> ReLU -> Conv(8, 4x4, stride 2, pad 1) -> ReLU -> Linear(392 -> 10). */
    static Case cnn(String name, long seed, double eps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> constants = twoConvWeights(rnd, 4, 1 / 4.0, 1 / 8.0);
        Attributes conv = new Attributes(Map.of("strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
        List<Node> nodes = List.of(
            new Node("conv1", "Conv", List.of("x", "W1", "b1"), List.of("z1"), conv),
            new Node("relu1", "Relu", List.of("z1"), List.of("a1"), Attributes.EMPTY),
            new Node("conv2", "Conv", List.of("a1", "W2", "b2"), List.of("z2"), conv),
            new Node("relu2", "Relu", List.of("z2"), List.of("a2"), Attributes.EMPTY),
            new Node("flat", "View", List.of("a2"), List.of("f"), new Attributes(Map.of("shape", new long[] {1, 392}))),
            new Node("fc", "Linear", List.of("f", "W3", "b3"), List.of("y"), Attributes.EMPTY));
        return image(name + " #" + seed, nodes, constants, rnd, eps);
    }

    /** W1/b1 (4 filters k x k), W2/b2 (8 filters over 4 channels), W3/b3 (392 -> 10), drawn in that order. */
    private static Map<String, Tensor> twoConvWeights(SplittableRandom rnd, int k, double scale1, double scale2) {
        Map<String, Tensor> constants = new LinkedHashMap<>();
        constants.put("W1", Tensor.of(Shape.of(4, 1, k, k), gaussian(rnd, 4 * k * k, scale1)));
        constants.put("b1", Tensor.of(Shape.of(4), gaussian(rnd, 4, 0.1)));
        constants.put("W2", Tensor.of(Shape.of(8, 4, k, k), gaussian(rnd, 32 * k * k, scale2)));
        constants.put("b2", Tensor.of(Shape.of(8), gaussian(rnd, 8, 0.1)));
        constants.put("W3", Tensor.of(Shape.of(10, 392), gaussian(rnd, 3920, 1 / Math.sqrt(392))));
        constants.put("b3", Tensor.of(Shape.of(10), gaussian(rnd, 10, 0.1)));
        return constants;
    }

    /**
     * x[1, 1, 28, 28] -> Conv(4, 3x3, pad 1) -> ReLU -> MaxPool(2x2, stride 2) -> Conv(8, 3x3, stride 2, pad 1) -> ReLU
     * -> Linear(392 -> 10).
     */
    static Case pooledCnn(String name, long seed, double eps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Tensor> constants = twoConvWeights(rnd, 3, 1 / 3.0, 1 / 6.0);
        List<Node> nodes = List.of(
            new Node("conv1", "Conv", List.of("x", "W1", "b1"), List.of("z1"), new Attributes(Map.of("pads", new long[] {1, 1, 1, 1}))),
            new Node("relu1", "Relu", List.of("z1"), List.of("a1"), Attributes.EMPTY),
            new Node("pool", "MaxPool", List.of("a1"), List.of("p"), new Attributes(Map.of("kernel_shape", new long[] {2, 2},
                "strides", new long[] {2, 2}))),
            new Node("conv2", "Conv", List.of("p", "W2", "b2"), List.of("z2"), new Attributes(Map.of("strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}))),
            new Node("relu2", "Relu", List.of("z2"), List.of("a2"), Attributes.EMPTY),
            new Node("flat", "View", List.of("a2"), List.of("f"), new Attributes(Map.of("shape", new long[] {1, 392}))),
            new Node("fc", "Linear", List.of("f", "W3", "b3"), List.of("y"), Attributes.EMPTY));
        return image(name + " #" + seed, nodes, constants, rnd, eps);
    }

    /** The graph of an MNIST-shaped net, with the box of radius eps around a random image in [0, 1], clipped to it. */
    private static Case image(String name, List<Node> nodes, Map<String, Tensor> constants, SplittableRandom rnd, double eps) {
        Graph g = GraphInference.build("benchmark", name, 17, List.of(new ValueInfo("x", DataType.DOUBLE, Shape.of(1, 1, 28, 28))),
            List.of("y"), nodes, constants);
        double[] lo = new double[784];
        double[] hi = new double[784];
        for (int i = 0; i < lo.length; i++) {
            double centre = rnd.nextDouble();
            lo[i] = Math.max(0, centre - eps);
            hi[i] = Math.min(1, centre + eps);
        }
        return new Case(name, g, new Interval(lo, hi));
    }

    private static double[] gaussian(SplittableRandom rnd, int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = scale * Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        }
        return d;
    }
}
