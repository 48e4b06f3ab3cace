package io.netverify.cli;

import io.netverify.onnx.AtomicFiles;
import io.netverify.verifier.BranchingMode;
import io.netverify.verifier.Verdict;
import io.netverify.verifier.certify.CertifiedModel;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifyReport;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.PointVerdict;
import io.netverify.verifier.certify.RobustnessProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certification agrees with {@code verify run} on the same points exported as VNN-LIB: a point
 * certified there is unsat here, a falsified one sat; unknown may appear on one side only.
 */
class CertifyAgreementTest {
    private static final int POINTS = 36;
    private static final double EPS = 0.06;

    @TempDir
    Path dir;

    @Test
    void certifyAndRunGiveTheSameVerdicts() throws IOException {
        GateExample.write(dir);
        Path onnx = dir.resolve(GateExample.MODEL);
        CertifiedModel model = CertifiedModel.load(onnx);
        Dataset data = Dataset.read(dir.resolve(GateExample.POINTS), null).limit(POINTS);
        CertifySettings s = CertifySettings.of(EPS).withRange(0, 1).withTimeouts(2, 120).withAttackSteps(50);
        CertifyReport complete = new Certifier(model.graph(), s.withMethod(CertifyMethod.COMPLETE), null, l -> { }).certify(data);
        CertifyReport crown = new Certifier(model.graph(), s, null, l -> { }).certify(data);
        Map<PointVerdict, Integer> seen = new EnumMap<>(PointVerdict.class);
        for (int i = 0; i < POINTS; i++) {
            Path vnnlib = dir.resolve("point" + i + ".vnnlib");
            AtomicFiles.write(vnnlib, RobustnessProperty.of(data.points()[i], data.labels()[i], 3, EPS, s).toVnnlib());
            Verdict run = new Instance(onnx, vnnlib, 2).verify(0, l -> { }, BranchingMode.AUTO).verdict();
            PointResult c = complete.points().get(i);
            seen.merge(c.verdict(), 1, Integer::sum);
            assertConsistent(c, run, i);
            assertConsistent(crown.points().get(i), run, i);
            if (c.verdict() == PointVerdict.UNKNOWN) {
                assertTrue(run == Verdict.SAT || run == Verdict.UNSAT, "unknown on both sides for point " + i);
            }
        }
        assertTrue(seen.getOrDefault(PointVerdict.CERTIFIED, 0) >= 5, "certified points: " + seen);
        assertTrue(seen.getOrDefault(PointVerdict.FALSIFIED, 0) >= 2, "falsified points: " + seen);
    }

    private static void assertConsistent(PointResult p, Verdict run, int i) {
        switch (p.verdict()) {
            case CERTIFIED -> assertTrue(run != Verdict.SAT, "point " + i + " certified, but verify run found a counterexample");
            case FALSIFIED -> assertTrue(run != Verdict.UNSAT, "point " + i + " falsified, but verify run proved it");
            case UNKNOWN -> { }
            default -> assertEquals(PointVerdict.UNKNOWN, p.verdict(), "point " + i);
        }
        if (run == Verdict.UNSAT) {
            assertTrue(p.verdict() != PointVerdict.FALSIFIED, "point " + i);
        }
    }
}
