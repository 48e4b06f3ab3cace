package io.netverify.verifier;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;
import io.netverify.onnx.OnnxRuntimeOracle;
import io.netverify.onnx.SharedData;
import io.netverify.verifier.spec.InputBox;
import io.netverify.verifier.spec.SpecCase;
import io.netverify.verifier.spec.VnnlibParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The exact evaluator is the judge of counterexamples, so it must agree with onnxruntime on every
 * shared network: random points inside every instance's input box(es), max |difference| at most
 * 1e-5 (1 + |value|), for the normalised graph we verify.
 */
class EvaluatorAgreementSharedTest {
    private static final int POINTS_PER_INSTANCE = 100;

    @TestFactory
    Stream<DynamicTest> everyNetworkAgreesWithOnnxRuntime() {
        Map<Path, List<SharedData.Instance>> byNetwork = new LinkedHashMap<>();
        for (SharedData.Instance i : SharedData.allInstances()) {
            byNetwork.computeIfAbsent(i.onnx(), k -> new ArrayList<>()).add(i);
        }
        return byNetwork.entrySet().stream().map(e -> DynamicTest.dynamicTest(
            SharedData.root().relativize(e.getKey()).toString(), () -> check(e.getKey(), e.getValue())));
    }

    private static void check(Path onnx, List<SharedData.Instance> instances) {
        Graph g = OnnxModel.read(onnx).toGraph();
        Evaluator ours = new Evaluator(g);
        SplittableRandom rnd = new SplittableRandom(onnx.getFileName().toString().hashCode());
        try (OnnxRuntimeOracle ort = OnnxRuntimeOracle.load(onnx)) {
            assertEquals(ort.inputSize(), g.inputs().get(0).shape().size(), "input size");
            for (SharedData.Instance inst : instances) {
                List<SpecCase> cases = VnnlibParser.parse(inst.vnnlib()).cases();
                for (int p = 0; p < POINTS_PER_INSTANCE; p++) {
                    InputBox box = cases.get(p % cases.size()).box();
                    double[] x = new double[box.dimension()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = box.lower()[i] + rnd.nextDouble() * (box.upper()[i] - box.lower()[i]);
                    }
                    compare(ort.evaluate(x), ours.evaluate(x), inst);
                }
            }
        }
    }

    private static void compare(double[] expected, double[] actual, SharedData.Instance inst) {
        assertEquals(expected.length, actual.length, "output count");
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= 1e-5 * (1 + Math.abs(expected[i])))) {
                fail(inst.vnnlib().getFileName() + " output " + i + ": onnxruntime " + expected[i] + ", ours " + actual[i]);
            }
        }
        assertTrue(expected.length > 0);
    }
}
