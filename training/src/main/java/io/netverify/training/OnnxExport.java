package io.netverify.training;

import io.netverify.onnx.DataType;
import io.netverify.onnx.OnnxModelBuilder;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.Map;

/** Collects the nodes and initializers of a network's ONNX model, with fresh value names. */
final class OnnxExport {
    private final OnnxModelBuilder model = new OnnxModelBuilder();
    private final DataType storage;
    private int values;

    OnnxExport(DataType storage) {
        this.storage = storage;
    }

    OnnxModelBuilder model() {
        return model;
    }

    DataType storage() {
        return storage;
    }

    /** Adds a weight; returns its name. */
    String initializer(String name, Tensor value) {
        model.initializer(name, value, storage);
        return name;
    }

    /** Adds a node with one fresh output; returns the output's name. */
    String node(String opType, List<String> inputs, Map<String, ?> attributes) {
        String out = opType.toLowerCase(java.util.Locale.ROOT) + "_" + values++;
        model.node(opType, inputs, List.of(out), attributes);
        return out;
    }

    String node(String opType, List<String> inputs) {
        return node(opType, inputs, Map.of());
    }
}
