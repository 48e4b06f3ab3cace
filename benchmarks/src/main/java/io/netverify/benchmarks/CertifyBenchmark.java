package io.netverify.benchmarks;

import io.netverify.onnx.Evaluator;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.ResultCache;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.VnnlibParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points per second of {@code verify certify}'s pipeline ({@link Certifier}) on the mnist_fc
 * networks, per method, and the time of a rerun served from the result cache. Two kinds of points:
 * {@code images}, the MNIST test images recovered from the benchmark's VNN-LIB boxes (eps 0.03,
 * clipped to [0, 1]) with their labels, repeated with seeded uniform noise of +-0.02 (clipped) up to
 * N points (no MNIST files are available here); and {@code random}, uniform random images with random
 * labels, the inputs of the auto_LiRPA reference in {@code shared/reference/throughput}, here labelled
 * with the network's own prediction so that every point is bounded, as the reference bounds every
 * point whatever its label (with random labels, 90% would stop at the clean check). Methods:
 * {@code ibp}, {@code crown}, {@code alpha-crown} (bounds only, no attack), {@code crown+pgd} (with the
 * default attack) and {@code cached} (crown+pgd run twice with a result cache; the second run is timed,
 * cache reading included). One untimed warm-up run per network.
 *
 * <p>Usage: {@code CertifyBenchmark <mnist_fc folder> images|random <eps> <N> <method,...> [network,...]}
 */
public final class CertifyBenchmark {
    private static final Pattern LABEL = Pattern.compile("label: (\\d+)");
    private static final double SOURCE_EPS = 0.03;

    private CertifyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        double eps = Double.parseDouble(args[2]);
        int n = Integer.parseInt(args[3]);
        Dataset given = args[1].equals("random") ? random(n) : points(folder, n);
        List<String> nets = args.length > 5 ? List.of(args[5].split(","))
            : List.of("mnist-net_256x2", "mnist-net_256x4", "mnist-net_256x6");
        System.out.println("| network | points | method | N | seconds | points/s | clean | certified | PGD-robust | unknown |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String net : nets) {
            CertifiedModel model = CertifiedModel.load(folder.resolve("onnx").resolve(net + ".onnx"));
            Dataset data = args[1].equals("random") ? predicted(model, given) : given;
            new Certifier(model.graph(), settings(eps, CertifyMethod.CROWN, 0), null, l -> { }).certify(data.limit(20));
            for (String method : args[4].split(",")) {
                CertifyReport r;
                if (method.equals("cached")) {
                    r = cachedRerun(model, settings(eps, CertifyMethod.CROWN, CertifySettings.DEFAULT_ATTACK_STEPS), data);
                } else {
                    CertifyMethod m = CertifyMethod.named(method.replace("+pgd", ""));
                    int steps = method.endsWith("+pgd") ? CertifySettings.DEFAULT_ATTACK_STEPS : 0;
                    r = new Certifier(model.graph(), settings(eps, m, steps), null, l -> { }).certify(data);
                }
                EpsTotals t = r.totals().get(0);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.2f | %.1f | %.3f | %.3f | %.3f | %.3f |%n", net, args[1],
                    method, data.size(), r.seconds(), data.size() / r.seconds(), t.cleanAccuracy(), t.certifiedAccuracy(),
                    t.robustAccuracy(), t.unknownRate());
            }
        }
    }

    private static CertifyReport cachedRerun(CertifiedModel model, CertifySettings s, Dataset data) throws IOException {
        Path cacheDir = Files.createTempDirectory("certify-cache");
        ResultCache first = ResultCache.open(cacheDir, model.bytes(), s, "benchmark");
        new Certifier(model.graph(), s, first, l -> { }).certify(data);
        first.save();
        long t = System.nanoTime();
        ResultCache again = ResultCache.open(cacheDir, model.bytes(), s, "benchmark");
        CertifyReport r = new Certifier(model.graph(), s, again, l -> { }).certify(data);
        return new CertifyReport(r.points(), r.totals(), (System.nanoTime() - t) / 1e9);
    }

    private static Dataset predicted(CertifiedModel model, Dataset d) {
        double[][] y = new Evaluator(model.graph()).evaluateBatch(d.points());
        int[] labels = new int[y.length];
        for (int k = 0; k < y.length; k++) {
            for (int j = 1; j < y[k].length; j++) {
                labels[k] = y[k][j] > y[k][labels[k]] ? j : labels[k];
            }
        }
        return new Dataset(d.points(), labels, d.pointShape());
    }

    private static Dataset random(int n) {
        SplittableRandom rnd = new SplittableRandom(0);
        double[][] x = new double[n][784];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 784; i++) {
                x[k][i] = rnd.nextDouble();
            }
            y[k] = rnd.nextInt(10);
        }
        return new Dataset(x, y, new int[] {784});
    }

    private static CertifySettings settings(double eps, CertifyMethod m, int attackSteps) {
        return CertifySettings.of(eps).withRange(0, 1).withMethod(m).withTimeouts(10, 1e6).withAttackSteps(attackSteps);
    }

    /** The benchmark's images, then noisy copies of them, up to n points. */
    static Dataset points(Path folder, int n) throws IOException {
        List<double[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int p = 0; Files.exists(folder.resolve("vnnlib/prop_" + p + "_0.03.vnnlib")); p++) {
            Path f = folder.resolve("vnnlib/prop_" + p + "_0.03.vnnlib");
            Matcher m = LABEL.matcher(Files.readString(f));
            if (!m.find()) {
                throw new IllegalStateException(f + ": no label comment");
            }
            InputBox box = VnnlibParser.parse(f).cases().get(0).box();
            double[] x = new double[box.dimension()];
            for (int i = 0; i < x.length; i++) {
                double lo = box.lower()[i];
                double hi = box.upper()[i];
                x[i] = lo <= 0 ? Math.max(0, hi - SOURCE_EPS) : hi >= 1 ? Math.min(1, lo + SOURCE_EPS) : (lo + hi) / 2;
            }
            images.add(x);
            labels.add(Integer.parseInt(m.group(1)));
        }
        SplittableRandom rnd = new SplittableRandom(14);
        double[][] points = new double[n][];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            double[] x = images.get(k % images.size()).clone();
            if (k >= images.size()) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = Math.min(1, Math.max(0, x[i] + (rnd.nextDouble() * 2 - 1) * 0.02));
                }
            }
            points[k] = x;
            y[k] = labels.get(k % images.size());
        }
        return new Dataset(points, y, new int[] {images.get(0).length});
    }
}
