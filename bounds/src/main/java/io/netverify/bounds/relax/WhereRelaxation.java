package io.netverify.bounds.relax;

import io.netverify.onnx.Node;

/** {@code Where} with a constant condition: each element is selected from x or y. */
public final class WhereRelaxation extends CopyRelaxation {
    @Override
    protected boolean isDataInput(Node node, int i) {
        return i == 1 || i == 2;
    }
}
