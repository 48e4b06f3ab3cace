package io.netverify.verifier;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.SharedData;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Falsification on real instances: finds known counterexamples and never claims one where none exists. */
class FalsificationSharedTest {
    private static VerificationResult verify(Path onnx, Path vnnlib, double timeout) {
        Graph g = OnnxModel.read(onnx).toGraph();
        Specification spec = VnnlibParser.parse(vnnlib);
        return Verifier.verify(g, spec, VerifierOptions.defaults().withTimeout(timeout));
    }

    /** The witness must violate the spec when re-evaluated from scratch. */
    private static void assertWitness(Path onnx, Path vnnlib, VerificationResult r) {
        assertEquals(Verdict.SAT, r.verdict(), r.detail());
        double[] y = new Evaluator(OnnxModel.read(onnx).toGraph()).evaluate(r.input());
        assertArrayEquals(y, r.output(), 0);
        assertTrue(VnnlibParser.parse(vnnlib).isViolatedBy(r.input(), y));
    }

    /** Rows of a benchmark's answers.csv with the given answer: {onnx, vnnlib}. */
    private static List<Path[]> answered(String benchmark, String answer) throws IOException {
        Path dir = SharedData.file("benchmarks/" + benchmark);
        List<Path[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("answers.csv"))) {
            String[] f = line.split(",");
            if (f.length >= 3 && f[2].trim().equals(answer)) {
                out.add(new Path[] {dir.resolve(f[0].trim()), dir.resolve(f[1].trim())});
            }
        }
        return out;
    }

    @Test
    void findsTheTestSatCounterexample() {
        Path onnx = SharedData.file("benchmarks/test/test_sat.onnx");
        Path spec = SharedData.file("benchmarks/test/test_prop.vnnlib");
        assertWitness(onnx, spec, verify(onnx, spec, 30));
    }

    @Test
    void findsCounterexamplesOnFalsifiableAcasXuInstances() throws IOException {
        List<Path[]> sat = answered("acasxu", "sat");
        assertTrue(sat.size() > 10, "answers.csv lists falsifiable instances");
        int found = 0;
        for (Path[] inst : sat) {
            VerificationResult r = verify(inst[0], inst[1], 3);
            if (r.verdict() == Verdict.SAT) {
                assertWitness(inst[0], inst[1], r);
                found++;
            }
        }
        assertTrue(found * 2 >= sat.size(), "found " + found + " of " + sat.size() + " known counterexamples");
    }

    @Test
    void neverClaimsACounterexampleForAPropertyThatHolds() throws IOException {
        for (Path[] inst : answered("test", "unsat")) {
            assertNotEquals(Verdict.SAT, verify(inst[0], inst[1], 1).verdict(), inst[0] + " " + inst[1]);
        }
        List<Path[]> unsat = answered("acasxu", "unsat");
        for (int i = 0; i < unsat.size(); i += 8) {
            Path[] inst = unsat.get(i);
            assertNotEquals(Verdict.SAT, verify(inst[0], inst[1], 1).verdict(), inst[0] + " " + inst[1]);
        }
    }
}
