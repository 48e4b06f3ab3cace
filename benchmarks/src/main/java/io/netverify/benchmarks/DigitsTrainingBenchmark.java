package io.netverify.benchmarks;

import io.netverify.onnx.AtomicFiles;
import io.netverify.training.Adam;
import io.netverify.training.Geometry;
import io.netverify.training.LabelledCsv;
import io.netverify.training.Network;
import io.netverify.training.Trainer;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.EpsTotals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The certified-training example on the UCI 8x8 digits (values 0..16 scaled to [0, 1]; a seeded
 * split of 1437 training and 360 test images): the same MLP (64-100-100-10, ReLU) trained naturally,
 * with IBP and with CROWN-IBP, each written to ONNX (float32) and certified on the test set by the
 * verifier at several eps with IBP, CROWN and alpha-CROWN; PGD accuracy from the attack of the
 * CROWN run (alpha-CROWN within 0.3 s per point). Also writes the test set as CSV for {@code verify certify}.
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
        System.out.println("| network | training s | eps | clean | PGD | certified IBP | CROWN | alpha-CROWN |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Trainer> t : trainers.entrySet()) {
            Network net = Network.builder(Geometry.flat(64), 7).linear(100).relu().linear(100).relu().linear(10).build();
            long start = System.nanoTime();
            t.getValue().train(net, new Adam(0.003), train.features(), train.labels());
            double seconds = (System.nanoTime() - start) / 1e9;
            Path file = out.resolve(t.getKey() + ".onnx");
            net.writeOnnx(file);
            List<List<EpsTotals>> byMethod = new ArrayList<>();
            for (CertifyMethod m : List.of(CertifyMethod.IBP, CertifyMethod.CROWN, CertifyMethod.ALPHA_CROWN)) {
                // PGD runs once, with CROWN; alpha-CROWN gets 0.3 s per point
                CertifySettings s = CertifySettings.of(EPS).withMethod(m).withRange(0, 1).withTimeouts(0.3, 3600)
                    .withAttackSteps(m == CertifyMethod.CROWN ? CertifySettings.DEFAULT_ATTACK_STEPS : 0);
                byMethod.add(new Certifier(CertifiedModel.load(file).graph(), s, null, line -> { })
                    .certify(new Dataset(test.features(), test.labels(), new int[] {64})).totals());
            }
            for (int e = 0; e < EPS.length; e++) {
                EpsTotals crown = byMethod.get(1).get(e);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %s | %s | %s | %s | %s |%n", t.getKey(), seconds, EPS[e],
                    pct(crown.clean(), TEST), pct(crown.robust(), TEST), pct(byMethod.get(0).get(e).certified(), TEST),
                    pct(crown.certified(), TEST), pct(byMethod.get(2).get(e).certified(), TEST));
            }
        }
    }

    private static String pct(int count, int of) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * count / of);
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
