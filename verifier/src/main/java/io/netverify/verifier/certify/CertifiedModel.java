package io.netverify.verifier.certify;

import io.netverify.onnx.Graph;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.OnnxModel;

import java.nio.file.Path;

/**
 * A classifier to certify: its file's bytes (what the cache key hashes) and its graph, which must have
 * one input and one output (the class scores).
 */
public record CertifiedModel(Path file, byte[] bytes, Graph graph) {
    /** Reads the model; every problem is a {@link ModelException} naming the file. */
    public static CertifiedModel load(Path file) {
        byte[] bytes = OnnxModel.readBytes(file);
        Graph g = OnnxModel.parse(bytes, file.toString()).toGraph();
        if (g.inputs().size() != 1 || g.outputs().size() != 1) {
            throw new ModelException(file + ": the network has " + g.inputs().size() + " inputs and " + g.outputs().size()
                + " outputs; certification needs one input and one output (the class scores)");
        }
        if (g.shape(g.outputs().get(0)).size() < 2) {
            throw new ModelException(file + ": the network has a single output; certification needs one score per class");
        }
        return new CertifiedModel(file, bytes, g);
    }

    /** Checks that the data's points fit the network input. */
    public void check(Dataset data, Path dataFile) {
        var in = graph.inputs().get(0);
        data.checkInput(in.shape().size(), "'" + in.name() + "' " + java.util.Arrays.toString(in.shape().dims()), dataFile);
    }
}
