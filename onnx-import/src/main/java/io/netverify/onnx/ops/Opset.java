package io.netverify.onnx.ops;

import io.netverify.onnx.Node;

/**
 * The default-domain opset a node follows. {@link Operator} receives no opset, so the importer
 * records it as the int attribute {@value #ATTRIBUTE} on nodes whose semantics changed across
 * opsets in ways their inputs and attributes do not reveal (Softmax's axis before opset 13, for
 * example). A node without the attribute follows the latest opset, {@value #LATEST}.
 */
public final class Opset {
    public static final String ATTRIBUTE = "opset";
    public static final long LATEST = 21;

    private Opset() {
    }

    public static long of(Node node) {
        return node.attributes().getInt(ATTRIBUTE, LATEST);
    }
}
