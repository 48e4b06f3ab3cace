package io.netverify.benchmarks;

import io.netverify.onnx.AtomicFiles;
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
 * networks, per method, and the time of a rerun served from the result cache. The points are MNIST
 * test images recovered from the benchmark's VNN-LIB boxes (eps 0.03, clipped to [0, 1]), each
 * repeated with seeded uniform noise of +-0.02 (clipped) up to N points, with the image's label: no
 * MNIST files are available here. Bounds only ({@code attackSteps = 0}) unless the method's name ends
 * with {@code +pgd}.
 *
 * <p>Usage: {@code CertifyBenchmark <mnist_fc folder> <eps> <N for ibp, crown> <N for alpha-crown> [csv out]}
 */
public final class CertifyBenchmark {
    private static final Pattern LABEL = Pattern.compile("label: (\\d+)");
    private static final double SOURCE_EPS = 0.03;

    private CertifyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        double eps = Double.parseDouble(args[1]);
        int n = Integer.parseInt(args[2]);
        int nAlpha = Integer.parseInt(args[3]);
        Dataset all = points(folder, n);
        if (args.length > 4) {
            AtomicFiles.write(Path.of(args[4]), csv(all));
        }
        System.out.println("| network | method | points | seconds | points/s | clean | certified | PGD-robust | unknown |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String net : List.of("mnist-net_256x2", "mnist-net_256x4", "mnist-net_256x6")) {
            CertifiedModel model = CertifiedModel.load(folder.resolve("onnx").resolve(net + ".onnx"));
            // warm-up: JIT and thread pools, not timed
            new Certifier(model.graph(), settings(eps, CertifyMethod.CROWN, 0), null, l -> { }).certify(all.limit(20));
            for (String method : List.of("ibp", "crown", "crown+pgd", "alpha-crown")) {
                CertifyMethod m = CertifyMethod.named(method.replace("+pgd", ""));
                Dataset data = m == CertifyMethod.ALPHA_CROWN ? all.limit(nAlpha) : all;
                int steps = method.endsWith("+pgd") ? CertifySettings.DEFAULT_ATTACK_STEPS : 0;
                CertifyReport r = new Certifier(model.graph(), settings(eps, m, steps), null, l -> { }).certify(data);
                row(net, method, data.size(), r);
            }
            Path cacheDir = Files.createTempDirectory("certify-cache");
            CertifySettings s = settings(eps, CertifyMethod.CROWN, CertifySettings.DEFAULT_ATTACK_STEPS);
            ResultCache first = ResultCache.open(cacheDir, model.bytes(), s, "benchmark");
            new Certifier(model.graph(), s, first, l -> { }).certify(all);
            first.save();
            long t = System.nanoTime();
            ResultCache again = ResultCache.open(cacheDir, model.bytes(), s, "benchmark");
            CertifyReport r = new Certifier(model.graph(), s, again, l -> { }).certify(all);
            row(net, "crown+pgd, cached rerun (" + again.hits() + " hits, cache read included)", all.size(),
                new CertifyReport(r.points(), r.totals(), (System.nanoTime() - t) / 1e9));
        }
    }

    private static CertifySettings settings(double eps, CertifyMethod m, int attackSteps) {
        return CertifySettings.of(eps).withRange(0, 1).withMethod(m).withTimeouts(10, 1e6).withAttackSteps(attackSteps);
    }

    private static void row(String net, String method, int n, CertifyReport r) {
        EpsTotals t = r.totals().get(0);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.1f | %.3f | %.3f | %.3f | %.3f |%n", net, method, n, r.seconds(),
            n / r.seconds(), t.cleanAccuracy(), t.certifiedAccuracy(), t.robustAccuracy(), t.unknownRate());
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

    private static String csv(Dataset d) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < d.size(); k++) {
            for (double v : d.points()[k]) {
                sb.append(String.format(Locale.ROOT, "%.6g,", v));
            }
            sb.append(d.labels()[k]).append('\n');
        }
        return sb.toString();
    }
}
