package io.netverify.onnx.ops;

import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Node;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import io.netverify.onnx.ValueInfo;

import java.util.List;

/**
 * ONNX Constant: the tensor of attribute 'value', or value_float (FLOAT scalar), value_floats
 * (FLOAT 1-D), value_int (INT64 scalar), value_ints (INT64 1-D). String and sparse forms are not
 * supported.
 */
public final class Constant implements Operator {
    @Override
    public List<ValueInfo> infer(Node node, List<ValueInfo> inputs, List<Tensor> constants) {
        Tensor t = value(node.attributes());
        return List.of(new ValueInfo(node.output(), t.type(), t.shape()));
    }

    @Override
    public List<Tensor> evaluate(Node node, List<Tensor> inputs) {
        return List.of(value(node.attributes()));
    }

    private static Tensor value(Attributes a) {
        if (a.has("value")) {
            return a.getTensor("value");
        }
        if (a.has("value_float")) {
            return Tensor.scalar(a.getFloat("value_float", 0)).withType(DataType.FLOAT);
        }
        if (a.has("value_floats")) {
            double[] v = a.getFloats("value_floats", null);
            return new Tensor(DataType.FLOAT, Shape.of(v.length), v);
        }
        if (a.has("value_int")) {
            return Tensor.scalar(a.getInt("value_int", 0)).withType(DataType.INT64);
        }
        if (a.has("value_ints")) {
            return Tensor.ints(a.getInts("value_ints", null));
        }
        throw new IllegalArgumentException("needs one of the attributes value, value_float(s), value_int(s)"
            + " (string and sparse constants are not supported)");
    }
}
