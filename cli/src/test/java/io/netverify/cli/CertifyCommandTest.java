package io.netverify.cli;

import io.netverify.onnx.Evaluator;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.EpsTotals;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import io.netverify.verifier.certify.ResultCache;
import io.netverify.verifier.certify.RobustnessProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code verify certify} on the gate example's classifier (8 inputs, 3 classes, 60 points): the
 * totals' invariant, sound certificates and real counterexamples for every method, the output files,
 * the cache, and one-line input errors.
 */
class CertifyCommandTest extends CliTestSupport {
    @TempDir
    Path dir;
    CertifiedModel model;
    Dataset data;

    @BeforeEach
    void example() throws IOException {
        GateExample.write(dir);
        model = CertifiedModel.load(dir.resolve(GateExample.MODEL));
        data = Dataset.read(dir.resolve(GateExample.POINTS), null);
    }

    @Test
    void certifiedAtMostRobustAtMostCleanAndEveryVerdictChecks() {
        Dataset few = data.limit(20);
        int previousCertified = -1;
        for (CertifyMethod m : CertifyMethod.values()) {
            double[] eps = m.ordinal() <= CertifyMethod.CROWN.ordinal() ? new double[] {0.01, 0.05, 0.15} : new double[] {0.01, 0.15};
            CertifySettings s = CertifySettings.of(eps).withRange(0, 1).withMethod(m).withTimeouts(0.1, 60).withAttackSteps(20);
            CertifyReport r = new Certifier(model.graph(), s, null, line -> { }).certify(few);
            int certifiedAtSmallest = r.totals().get(0).certified();
            for (int e = 0; e < eps.length; e++) {
                EpsTotals t = r.totals().get(e);
                assertTrue(t.certified() <= t.robust() && t.robust() <= t.clean(), m + " " + t);
                assertTrue(e == 0 || t.certified() <= r.totals().get(e - 1).certified(), "monotone in eps: " + m);
                r.at(e).forEach(p -> checkVerdict(p, s));
            }
            for (int e = 1; e < eps.length; e++) {
                for (int i = 0; i < few.size(); i++) {
                    PointVerdict smaller = r.at(e - 1).get(i).verdict();
                    PointVerdict larger = r.at(e).get(i).verdict();
                    assertTrue(larger != PointVerdict.CERTIFIED || smaller == PointVerdict.CERTIFIED, m + " point " + i);
                    assertTrue(smaller != PointVerdict.FALSIFIED || larger == PointVerdict.FALSIFIED, m + " point " + i);
                }
            }
            assertTrue(certifiedAtSmallest >= previousCertified, "a stronger method certifies at least as much: " + m);
            previousCertified = certifiedAtSmallest;
            EpsTotals largest = r.totals().get(eps.length - 1);
            assertTrue(largest.certified() < largest.clean(), "eps 0.15 leaves something uncertified");
            assertTrue(largest.robust() < largest.clean(), "the attack falsifies something at eps 0.15");
        }
    }

    /** A certificate survives sampling the box; a counterexample lies in the box and violates exactly. */
    private void checkVerdict(PointResult p, CertifySettings s) {
        Evaluator net = new Evaluator(model.graph());
        RobustnessProperty prop = RobustnessProperty.of(data.points()[p.index()], p.label(), 3, p.eps(), s);
        var spec = prop.specification();
        if (p.verdict() == PointVerdict.FALSIFIED) {
            double[] x = p.counterexample();
            assertNotNull(x);
            assertTrue(spec.isViolatedBy(x, net.evaluate(x)), "counterexample of point " + p.index());
        } else if (p.verdict() == PointVerdict.CERTIFIED) {
            assertEquals(p.label(), p.prediction());
            if (!p.decidedBy().equals("complete")) {
                assertTrue(p.marginLower() > 0, "certified by bounds with margin " + p.marginLower());
            }
            SplittableRandom rnd = new SplittableRandom(p.index());
            double[] lo = prop.box().lower();
            double[] hi = prop.box().upper();
            for (int k = 0; k < 50; k++) {
                double[] x = new double[lo.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = k % 2 == 0 ? lo[i] + rnd.nextDouble() * (hi[i] - lo[i]) : rnd.nextBoolean() ? lo[i] : hi[i];
                }
                assertFalse(spec.isViolatedBy(x, net.evaluate(x)), "certified point " + p.index() + " violated");
            }
        }
    }

    @Test
    void normalisationAndRangeShapeTheBox() {
        CertifySettings s = CertifySettings.of(0.1).withRange(0, 1).withNormalization(0.5, 0.25);
        RobustnessProperty p = RobustnessProperty.of(new double[] {0.05, 0.5, 0.95}, 0, 2, 0.1, s);
        assertArrayEquals(new double[] {-2, -0.4, 1.4}, p.box().lower(), 1e-12);
        assertArrayEquals(new double[] {-1.4, 0.4, 2}, p.box().upper(), 1e-12);
    }

    @Test
    void cacheIsReusedAndInvalidatedByAChangedModel() throws IOException {
        CertifySettings s = CertifySettings.of(0.01, 0.05).withRange(0, 1);
        Path cacheDir = dir.resolve("cache");
        ResultCache first = ResultCache.open(cacheDir, model.bytes(), s, "test");
        CertifyReport r1 = new Certifier(model.graph(), s, first, line -> { }).certify(data);
        first.save();
        assertEquals(0, first.hits());
        long decided = r1.points().stream().filter(p -> p.verdict() != PointVerdict.UNKNOWN).count();

        ResultCache second = ResultCache.open(cacheDir, model.bytes(), s, "test");
        CertifyReport r2 = new Certifier(model.graph(), s, second, line -> { }).certify(data);
        assertEquals(r1.points().size(), second.hits(), "the same settings reuse every outcome, unknown ones too");
        for (int k = 0; k < r1.points().size(); k++) {
            assertEquals(r1.points().get(k).verdict(), r2.points().get(k).verdict());
            assertTrue(r2.points().get(k).cached());
        }
        assertTrue(decided < r1.points().size(), "some point is unknown at eps 0.05");
        CertifySettings longer = s.withTimeouts(s.timeoutPerPoint() * 2, s.budget());
        ResultCache third = ResultCache.open(cacheDir, model.bytes(), longer, "test");
        CertifyReport r3 = new Certifier(model.graph(), longer, third, line -> { }).certify(data);
        assertEquals(decided, third.hits(), "more time per point retries the unknown ones");
        assertEquals(r1.points().size() - decided, r3.points().stream().filter(p -> !p.cached()).count());

        byte[] other = ExampleGenerator.mlp(new int[] {8, 24, 24, 3}, 99);
        CertifiedModel changed = CertifiedModel.load(Files.write(dir.resolve("other.onnx"), other));
        ResultCache fourth = ResultCache.open(cacheDir, changed.bytes(), s, "test");
        new Certifier(changed.graph(), s, fourth, line -> { }).certify(data);
        assertEquals(0, fourth.hits(), "a changed model must not reuse results");
        assertEquals(0, ResultCache.open(cacheDir, model.bytes(), s.withMethod(CertifyMethod.IBP), "test").file().equals(first.file())
            ? 1 : 0, "other settings, other file");
        assertFalse(ResultCache.open(cacheDir, model.bytes(), s, "other version").file().equals(first.file()));
    }

    @Test
    void commandWritesTableJsonCsvAndCounterexamples() throws IOException {
        Path json = dir.resolve("out/report.json");
        Path csv = dir.resolve("out/points.csv");
        Path cex = dir.resolve("out/cex");
        assertEquals(0, run("certify", "--onnx", dir.resolve(GateExample.MODEL).toString(), "--data",
            dir.resolve(GateExample.POINTS).toString(), "--eps", "0.01,0.1", "--range", "0,1", "--limit", "30",
            "--json", json.toString(), "--csv", csv.toString(), "--counterexamples", cex.toString()), err);
        assertTrue(out.startsWith("eps "), out);
        assertEquals(3, out.strip().lines().count(), out);
        assertTrue(err.contains("ETA") || err.contains("open"), err);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) new Load(LoadSettings.builder().build())
            .loadFromString(Files.readString(json));
        List<?> points = (List<?>) report.get("points");
        assertEquals(60, points.size());
        assertEquals(2, ((List<?>) report.get("totals")).size());
        assertEquals(61, Files.readAllLines(csv).size());
        long falsified = points.stream().filter(p -> "falsified".equals(((Map<?, ?>) p).get("verdict"))).count();
        assertTrue(falsified > 0);
        try (var files = Files.list(cex)) {
            assertEquals(falsified, files.count());
        }
    }

    @Test
    void badInputIsOneLineAndExit2() throws IOException {
        String onnx = dir.resolve(GateExample.MODEL).toString();
        Path narrow = Files.writeString(dir.resolve("narrow.csv"), "0.1,0.2,0.3,1\n");
        assertEquals(2, run("certify", "--onnx", onnx, "--data", narrow.toString(), "--eps", "0.1"));
        assertOneLine("narrow.csv: each point has shape [3] (3 values), but the network input 'input'");
        assertEquals(2, run("certify", "--onnx", onnx, "--data", narrow.toString(), "--eps", "0.1", "--method", "magic"));
        assertOneLine("--method must be ibp, crown, alpha-crown or complete");
        assertEquals(2, run("certify", "--onnx", onnx, "--data", dir.resolve("none.csv").toString(), "--eps", "0.1"));
        assertOneLine("none.csv: no such file");
        Path badLabel = Files.writeString(dir.resolve("label.csv"), "0,0,0,0,0,0,0,0,5\n");
        assertEquals(2, run("certify", "--onnx", onnx, "--data", badLabel.toString(), "--eps", "0.1"));
        assertOneLine("point 0 has label 5, but the network has 3 outputs");
    }

    private void assertOneLine(String fragment) {
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.contains(fragment), err);
    }
}
