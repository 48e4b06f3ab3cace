package io.netverify.benchmarks.fuzz;

import io.netverify.onnx.Evaluator;
import io.netverify.onnx.Graph;
import io.netverify.onnx.OnnxModel;

import java.util.List;
import java.util.Set;

/**
 * One random network with its input box: the ONNX bytes, the box, and labels of how it was drawn
 * ({@code features}: every operator type used, plus {@code extreme} when weights or box reach
 * magnitudes far from 1, {@code float16} when weights are stored as float16).
 */
public record FuzzCase(long seed, byte[] onnx, double[] lower, double[] upper, String weights, String box,
                       Set<String> features) {
    public int inputs() {
        return lower.length;
    }

    /** The normalised graph, the project's evaluator of it, and the reference evaluator of the file's own nodes. */
    public record Imported(Graph graph, Evaluator evaluator, ReferenceEvaluator reference) {
    }

    /** The case's graph and evaluators, or null after adding an {@code import-error} failure (the importer refused it). */
    public Imported load(List<Failure> failures) {
        try {
            OnnxModel model = OnnxModel.parse(onnx, "fuzz-" + seed + ".onnx");
            Graph graph = model.toGraph();
            return new Imported(graph, new Evaluator(graph), new ReferenceEvaluator(model));
        } catch (RuntimeException e) {
            failures.add(Failure.of(this, "import-error", e.toString()));
            return null;
        }
    }

    public String describe() {
        return "case seed " + seed + ": weights " + weights + ", box " + box + ", features " + features;
    }
}
