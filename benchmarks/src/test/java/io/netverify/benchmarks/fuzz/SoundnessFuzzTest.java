package io.netverify.benchmarks.fuzz;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The random-graph soundness fuzzer's seeded cases: on each, the evaluator agrees with the
 * reference evaluator and IBP, CROWN and alpha-CROWN enclose it at every corner and 200 random
 * points. Long runs: benchmarks' {@link FuzzRunner} (see benchmarks/README.md).
 */
class SoundnessFuzzTest {
    private static final int CASES = 60;

    @Test
    void seededCasesAreSound() {
        SoundnessFuzzer fuzzer = new SoundnessFuzzer(200, 10);
        List<Failure> failures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int run = 0;
        for (long seed = 1; run < CASES; seed++) {
            FuzzCase c = RandomNetworks.draw(seed);
            if (KnownBroken.excludes(c)) {
                continue;
            }
            run++;
            seen.addAll(c.features());
            failures.addAll(fuzzer.check(c));
        }
        assertEquals(List.of(), failures.stream().map(Failure::toString).toList());
        // the seeded cases reach extreme magnitudes and (nearly) every operator the generator writes
        assertTrue(seen.contains("extreme") && seen.contains("float16"), "features seen: " + seen);
        for (String op : List.of("Gemm", "MatMul", "Relu", "Sigmoid", "Exp", "Conv", "MaxPool", "AveragePool", "BatchNormalization",
            "Concat", "Slice", "Div", "Reciprocal", "Log", "Sqrt", "Max", "Mul", "Sub")) {
            assertTrue(seen.contains(op), op + " never drawn; features seen: " + seen);
        }
    }

    /** A reproducer is self-contained: its model and spec read back, and the witness lies in the spec's unsafe region. */
    @Test
    void reproducerReadsBackAndItsWitnessIsUnsafe(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        FuzzCase c = RandomNetworks.draw(7);
        Enclosure exact = new ReferenceEvaluator(io.netverify.onnx.OnnxModel.parse(c.onnx(), "t.onnx")).run(c.upper(), 0);
        Failure f = SoundnessFuzzer.containment(c, "IBP", c.upper(), exact, 0, Double.NEGATIVE_INFINITY,
            Math.nextDown(exact.lo()[0]) - 1e-9 * (1 + Math.abs(exact.lo()[0])), exact.size());
        java.nio.file.Path folder = Reproducer.write(f, dir);
        io.netverify.onnx.Graph g = io.netverify.onnx.OnnxModel.read(folder.resolve("model.onnx")).toGraph();
        io.netverify.verifier.spec.Specification spec = io.netverify.verifier.spec.VnnlibParser.parse(folder.resolve("spec.vnnlib"));
        spec.checkDimensions(c.inputs(), exact.size(), "spec.vnnlib");
        assertEquals(exact.size(), new io.netverify.onnx.Evaluator(g).evaluate(c.upper()).length);
        // the atom is Y_0 >= the exact value's lower end: the exact output there (not its float64
        // evaluation, which may round below it) violates the spec read back exactly
        assertTrue(spec.isViolatedBy(c.upper(), exact.lo()), "the witness must violate the reproducer's spec: " + f.atom());
    }

    /** The harness is not blind: a bound that excludes the exact value is reported, with a reproducer's unsafe atom. */
    @Test
    void anExcludedValueIsReported() {
        FuzzCase c = RandomNetworks.draw(7);
        Enclosure exact = new ReferenceEvaluator(io.netverify.onnx.OnnxModel.parse(c.onnx(), "t.onnx")).run(c.lower(), 0);
        double v = exact.hi()[0];
        Failure f = SoundnessFuzzer.containment(c, "CROWN", c.lower(), exact, 0, Math.nextUp(v) + 1e-9 * (1 + Math.abs(v)), Double.POSITIVE_INFINITY,
            exact.size());
        assertTrue(f != null && f.kind().equals("unsound-CROWN") && f.atom().startsWith("(<= Y_0 "), String.valueOf(f));
        assertEquals(null, SoundnessFuzzer.containment(c, "CROWN", c.lower(), exact, 0, exact.lo()[0], exact.hi()[0], exact.size()));
    }
}
