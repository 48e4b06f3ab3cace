package io.netverify.onnx;

import java.util.List;

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

    /** A short description for messages: op type and name. */
    public String describe() {
        return opType + " node '" + name + "'";
    }
}
