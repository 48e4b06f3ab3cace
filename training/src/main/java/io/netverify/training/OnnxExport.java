package io.netverify.training;

import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the nodes and initializers of a network's ONNX model, with fresh value names. */
final class OnnxExport {
    private record PendingNode(String opType, List<String> inputs, String output, Map<String, ?> attributes) {
    }

    private final OnnxModelBuilder model = new OnnxModelBuilder();
    private final DataType storage;
    private final List<PendingNode> nodes = new ArrayList<>();

    OnnxExport(DataType storage) {
        this.storage = storage;
    }

    /** Adds a weight; returns its name. */
    String initializer(String name, Tensor value) {
        model.initializer(name, value, storage);
        return name;
    }

    /** Adds a node with one fresh output; returns the output's name. */
    String node(String opType, List<String> inputs, Map<String, ?> attributes) {
        String out = opType.toLowerCase(Locale.ROOT) + "_" + nodes.size();
        nodes.add(new PendingNode(opType, inputs, out, attributes));
        return out;
    }

    String node(String opType, List<String> inputs) {
        return node(opType, inputs, Map.of());
    }

    /**
     * The model with the last node's output named {@code output} (the network's last node, so that
     * the verifier sees the final layer itself, e.g. a Gemm it folds the specification into).
     */
    OnnxModelBuilder finish(String output) {
        for (int i = 0; i < nodes.size(); i++) {
            PendingNode n = nodes.get(i);
            String out = i == nodes.size() - 1 ? output : n.output();
            model.node(n.opType(), n.inputs(), List.of(out), n.attributes());
        }
        return model;
    }
}
