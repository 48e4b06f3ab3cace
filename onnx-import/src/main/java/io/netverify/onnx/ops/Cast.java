package io.netverify.onnx.ops;

import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Tensor;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * ONNX Cast to the element type of attribute {@code to}: floating targets round to nearest (FLOAT
 * through float32), integer targets truncate toward zero and wrap, BOOL is {@code x != 0}. A cast to
 * a type that holds every value of the operand's type (to the same type, or wider) is the identity:
 * values of a floating type are real numbers here (all arithmetic is exact up to float64 rounding),
 * and only a cast to a narrower format rounds them.
 */
public final class Cast extends ElementwiseUnary implements Operator {
    @Override
    public DoubleUnaryOperator function(Node node, List<Tensor> inputs) {
        DataType to = target(node);
        if (!inputs.isEmpty() && inputs.get(0) != null && to.holdsEvery(inputs.get(0).type())) {
            return x -> x;
        }
        return x -> TypeConversion.convert(to, x);
    }

    @Override
    protected DataType outputType(Node node, DataType input) {
        return target(node);
    }

    private static DataType target(Node node) {
        if (!node.attributes().has("to")) {
            throw new IllegalArgumentException("attribute 'to' is missing");
        }
        long code = node.attributes().getInt("to", 0);
        DataType to = DataType.fromOnnx((int) code);
        if (to == null || to == DataType.UNDEFINED || to == DataType.STRING) {
            throw new IllegalArgumentException("cannot cast to element type " + (to == null ? code : to));
        }
        return to;
    }
}
