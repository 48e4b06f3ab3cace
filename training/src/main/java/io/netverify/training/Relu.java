package io.netverify.training;

import java.util.List;

/** {@code max(x, 0)}: the leaky ReLU of slope 0, exported as ONNX Relu. */
public final class Relu extends LeakyRelu {
    Relu(Geometry in) {
        super(in, 0);
    }

    @Override
    String export(OnnxExport onnx, String input) {
        return onnx.node("Relu", List.of(input));
    }
}
