package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;

/**
 * GlobalMaxPool(x): a MaxPool whose one window is the whole plane, so its gradient is that pool's
 * MaxPoolGrad. The window covers every cell once: the gain is 1.
 */
public final class GlobalMaxPoolGradient extends SmoothGradient {
    public GlobalMaxPoolGradient() {
        super(1);
    }

    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        builder.contribute(node.input(0), builder.node("MaxPoolGrad", wholePlane(builder.shape(node.input(0))), node.input(0),
            outputGradient));
    }

    private static Attributes wholePlane(Shape x) {
        long[] kernel = new long[x.rank() - 2];
        for (int a = 0; a < kernel.length; a++) {
            kernel[a] = x.dim(2 + a);
        }
        return Attributes.EMPTY.with("kernel_shape", kernel);
    }
}
