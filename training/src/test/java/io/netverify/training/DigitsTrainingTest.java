package io.netverify.training;

import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.EpsTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Trains a small MLP on the UCI 8x8 digits naturally and with IBP for a few epochs, writes both to
 * ONNX, reads them back as the verifier does and certifies test points: both learn (clean accuracy),
 * certified <= PGD-robust <= clean at every eps, and the IBP-trained network certifies far more than
 * the natural one at the larger eps. Needs {@code -Dnetverify.digits=.../digits.csv.gz} (.ci/run
 * fetches it); skipped without it, except in CI.
 */
class DigitsTrainingTest {
    private static final double[] EPS = {0.02, 0.1};

    @TempDir
    Path dir;

    @Test
    void ibpTrainingCertifiesMoreThanNaturalTraining() throws IOException {
        LabelledCsv[] split = LabelledCsv.read(digits(), 16).split(100, 0);
        LabelledCsv train = split[0];
        LabelledCsv test = split[1];
        EpsTotals[] natural = trainAndCertify("natural", Trainer.natural(10, 64, 0, 1, 1), train, test);
        EpsTotals[] ibp = trainAndCertify("ibp", Trainer.certified(16, 64, train.size(), 0.15, 1, 6, 0, 0, 1, 1), train, test);
        assertTrue(natural[0].cleanAccuracy() > 0.85, "natural clean accuracy " + natural[0].cleanAccuracy());
        assertTrue(ibp[0].cleanAccuracy() > 0.6, "IBP-trained clean accuracy " + ibp[0].cleanAccuracy());
        for (EpsTotals[] totals : new EpsTotals[][] {natural, ibp}) {
            for (EpsTotals t : totals) {
                assertTrue(t.certified() <= t.robust() && t.robust() <= t.clean(), t.toString());
            }
        }
        int large = EPS.length - 1;
        assertTrue(ibp[large].certified() >= natural[large].certified() + 0.25 * test.size(),
            "certified at eps " + EPS[large] + ": IBP-trained " + ibp[large].certified() + ", natural "
                + natural[large].certified() + " of " + test.size());
    }

    private EpsTotals[] trainAndCertify(String name, Trainer trainer, LabelledCsv train, LabelledCsv test)
        throws IOException {
        Network net = Network.builder(Geometry.flat(64), 7).linear(48).relu().linear(48).relu().linear(10).build();
        trainer.train(net, new Adam(0.005), train.features(), train.labels());
        Path file = dir.resolve(name + ".onnx");
        net.writeOnnx(file);
        CertifySettings settings = CertifySettings.of(EPS).withMethod(CertifyMethod.CROWN).withRange(0, 1)
            .withAttackSteps(10).withTimeouts(1, 30);
        CertifyReport report = new Certifier(CertifiedModel.load(file).graph(), settings, null, line -> { })
            .certify(new Dataset(test.features(), test.labels(), new int[] {64}));
        return report.totals().toArray(EpsTotals[]::new);
    }

    private static Path digits() {
        String property = System.getProperty("netverify.digits", "");
        Path file = property.isBlank() ? null : Path.of(property);
        boolean present = file != null && Files.isRegularFile(file);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("the digits dataset is missing in CI (netverify.digits='" + property + "'); .ci/run fetches it");
        }
        assumeTrue(present, "digits dataset not given (-Dnetverify.digits=.../digits.csv.gz)");
        return file;
    }
}
