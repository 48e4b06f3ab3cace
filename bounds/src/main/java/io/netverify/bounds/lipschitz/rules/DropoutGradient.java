package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Node;

import java.util.List;

/** Dropout at inference: its data output is the input itself; its mask output is constant, so it passes nothing back. */
public final class DropoutGradient extends ViewGradient {
    @Override
    public void backward(Node node, List<String> outputGradients, JacobianBuilder builder) {
        if (outputGradients.get(0) != null) {
            backward(node, outputGradients.get(0), builder);
        }
    }
}
