package io.netverify.benchmarks;

import io.netverify.training.Adam;
import io.netverify.training.Network;
import io.netverify.training.Trainer;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.EpsTotals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains the same architecture with each trainer, writes each network to ONNX (float32) and
 * certifies it on the test set with the verifier at each eps with IBP, CROWN and alpha-CROWN (0.3 s
 * per point); PGD accuracy from the CROWN run (its default attack on the points left open). Prints
 * one Markdown row per network and eps.
 */
final class CertifiedTrainingComparison {
    private CertifiedTrainingComparison() {
    }

    static void run(Map<String, Trainer> trainers, Supplier<Network> architecture, double learningRate, double[][] trainX,
                    int[] trainY, Dataset test, double[] eps, Path out) throws IOException {
        int points = test.size();
        System.out.println("| network | training s | eps | clean | PGD | certified IBP | CROWN | alpha-CROWN |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Trainer> t : trainers.entrySet()) {
            Network net = architecture.get();
            long start = System.nanoTime();
            t.getValue().train(net, new Adam(learningRate), trainX, trainY);
            double seconds = (System.nanoTime() - start) / 1e9;
            Path file = out.resolve(t.getKey() + ".onnx");
            net.writeOnnx(file);
            List<List<EpsTotals>> byMethod = new ArrayList<>();
            for (CertifyMethod m : List.of(CertifyMethod.IBP, CertifyMethod.CROWN, CertifyMethod.ALPHA_CROWN)) {
                // PGD runs once, with CROWN; alpha-CROWN gets 0.3 s per point
                CertifySettings s = CertifySettings.of(eps).withMethod(m).withRange(0, 1).withTimeouts(0.3, 3600)
                    .withAttackSteps(m == CertifyMethod.CROWN ? CertifySettings.DEFAULT_ATTACK_STEPS : 0);
                byMethod.add(new Certifier(CertifiedModel.load(file).graph(), s, null, line -> { }).certify(test).totals());
            }
            for (int e = 0; e < eps.length; e++) {
                EpsTotals crown = byMethod.get(1).get(e);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %s | %s | %s | %s | %s |%n", t.getKey(), seconds, eps[e],
                    pct(crown.clean(), points), pct(crown.robust(), points), pct(byMethod.get(0).get(e).certified(), points),
                    pct(crown.certified(), points), pct(byMethod.get(2).get(e).certified(), points));
            }
        }
    }

    private static String pct(int count, int of) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * count / of);
    }
}
