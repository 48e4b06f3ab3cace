package io.netverify.onnx;

import java.util.List;
import java.util.Objects;

/**
 * One operation of the graph. {@code inputs} and {@code outputs} name values; an empty input name
 * marks an omitted optional input, as in ONNX. {@code opType} is an ONNX operator name or one of the
 * normalised operators of this project (see {@link io.netverify.onnx.ops.Operators}).
 */
public record Node(String name, String opType, List<String> inputs, List<String> outputs, Attributes attributes) {
    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public String output() {
        return outputs.get(0);
    }

    // equals and hashCode are written out: a record's generated ones link a method-handle tree on first use,
    // ~15 ms of every one-instance process (graph passes look nodes up in lists)
    @Override
    public boolean equals(Object o) {
        return o instanceof Node n && Objects.equals(name, n.name) && Objects.equals(opType, n.opType)
            && inputs.equals(n.inputs) && outputs.equals(n.outputs) && Objects.equals(attributes, n.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, opType, inputs, outputs, attributes);
    }

    /** A short description for messages: op type and name. */
    public String describe() {
        return opType + " node '" + name + "'";
    }
}
