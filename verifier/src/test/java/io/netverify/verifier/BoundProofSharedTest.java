package io.netverify.verifier;

import io.netverify.bounds.BoundMethod;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.SharedData;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `verify run` proves properties by bound propagation, and never proves one that is false. */
class BoundProofSharedTest {
    private static final Path REFERENCE = Path.of("reference/bounds");

    private static VerificationResult verify(Path onnx, Path vnnlib, double timeout) {
        Graph g = OnnxModel.read(onnx).toGraph();
        Specification spec = VnnlibParser.parse(vnnlib);
        return Verifier.verify(g, spec, VerifierOptions.defaults().withTimeout(timeout));
    }

    @Test
    void answersTheSanityBenchmark() throws IOException {
        Path dir = SharedData.file("benchmarks/test");
        for (String line : Files.readAllLines(dir.resolve("answers.csv"))) {
            String[] f = line.split(",");
            if (f[0].equals("onnx")) {
                continue;
            }
            Verdict expected = f[2].equals("sat") ? Verdict.SAT : Verdict.UNSAT;
            assertEquals(expected, verify(dir.resolve(f[0]), dir.resolve(f[1]), 20).verdict(), line);
        }
    }

    /** Every reference instance that auto_LiRPA's CROWN verifies (margins positive on box 0, single box specs). */
    @TestFactory
    Stream<DynamicTest> provesWhatReferenceCrownProves() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String bench : List.of("mnistfc", "eran", "digits", "cifar10_resnet")) {
            Path summary = SharedData.file(REFERENCE.resolve(bench).resolve("summary.csv").toString());
            List<String> lines = Files.readAllLines(summary);
            int col = List.of(lines.get(0).split(",")).indexOf("ver_crown");
            Path dir = SharedData.file("benchmarks/" + (bench.equals("mnistfc") ? "mnist_fc" : bench));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f[col].equals("1")) {
                    tests.add(DynamicTest.dynamicTest(bench + " " + f[1], () ->
                        assertEquals(Verdict.UNSAT, verify(dir.resolve(f[0]), dir.resolve(f[1]), 20).verdict())));
                }
            }
        }
        return tests.stream();
    }

    /**
     * On a vision transformer alpha-CROWN's optimisation takes far longer than its share of a 20 s
     * budget: it stops there, and the outcome keeps what it had optimised (over CROWN's result, which
     * no bound of the outcome is looser than). (How much of the budget is then left for branch and
     * bound depends on the machine: not asserted.)
     */
    @Test
    void alphaCrownStopsAtItsTimeShareAndKeepsItsPartialBounds() {
        Path dir = SharedData.file("benchmarks/vit");
        Graph g = OnnxModel.read(dir.resolve("onnx/pgd_2_3_16.onnx")).toGraph();
        SpecCase sc = VnnlibParser.parse(dir.resolve("vnnlib/pgd_2_3_16_7732.vnnlib")).cases().get(0);
        List<String> lines = new ArrayList<>();
        BoundProof.Outcome crown = BoundProof.prove(g, sc, List.of(BoundMethod.CROWN), Long.MAX_VALUE, line -> { });
        long deadline = System.nanoTime() + 20_000_000_000L;
        BoundProof.Outcome o = BoundProof.prove(g, sc, List.of(BoundMethod.CROWN, BoundMethod.ALPHA_CROWN), deadline, lines::add);
        assertTrue(lines.contains("bounds: alpha-crown stopped at its time share, its partial bounds kept"), lines.toString());
        assertTrue(o.open().size() <= crown.open().size());
        assertTrue(o.worstMargin() >= crown.worstMargin(), o.worstMargin() + " < " + crown.worstMargin());
        crown.intermediate().forEach((v, iv) -> {
            for (int i = 0; i < iv.size(); i++) {
                assertTrue(o.intermediate().get(v).lower()[i] >= iv.lower()[i] && o.intermediate().get(v).upper()[i] <= iv.upper()[i],
                    v + "[" + i + "]");
            }
        });
    }

    @Test
    void neverProvesAPropertyWithAKnownCounterexample() throws IOException {
        Path acas = SharedData.file("benchmarks/acasxu");
        for (String line : Files.readAllLines(acas.resolve("answers.csv"))) {
            String[] f = line.split(",");
            if (f.length > 2 && f[2].equals("sat")) {
                assertNotEquals(Verdict.UNSAT, verify(acas.resolve(f[0]), acas.resolve(f[1]), 2).verdict(), line);
            }
        }
        Path digits = SharedData.file("benchmarks/digits");
        for (String line : Files.readAllLines(digits.resolve("known_answers.csv"))) {
            String[] f = line.split(",");
            if (f.length > 6 && f[6].equals("sat")) {
                assertNotEquals(Verdict.UNSAT, verify(digits.resolve(f[0]), digits.resolve(f[1]), 5).verdict(), line);
            }
        }
    }
}
