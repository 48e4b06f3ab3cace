package io.netverify.bounds.relax;

import io.netverify.onnx.Node;

/** {@code Concat}: every input is data; constant inputs (a class token, say) go to the bias. */
public final class ConcatRelaxation extends CopyRelaxation {
    @Override
    protected boolean isDataInput(Node node, int i) {
        return true;
    }
}
