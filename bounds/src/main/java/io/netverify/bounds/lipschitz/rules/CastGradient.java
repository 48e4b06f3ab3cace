package io.netverify.bounds.lipschitz.rules;

import io.netverify.bounds.lipschitz.JacobianBuilder;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;

/**
 * Cast to a type that holds every value of its operand's type (to DOUBLE, or widening): the identity.
 * A cast that rounds or truncates is a step function, with no Lipschitz constant; it is refused.
 */
public final class CastGradient extends ViewGradient {
    @Override
    public void backward(Node node, String outputGradient, JacobianBuilder builder) {
        DataType to = DataType.fromOnnx((int) node.attributes().getInt("to", 0));
        DataType from = builder.forward().info(node.input(0)).type();
        if (to == null || !to.holdsEvery(from)) {
            throw new IllegalArgumentException("Lipschitz bounds: " + node.describe() + " casts " + from + " to " + to
                + ", which rounds (a step function, with no Lipschitz constant); only casts that keep every value are supported");
        }
        super.backward(node, outputGradient, builder);
    }
}
