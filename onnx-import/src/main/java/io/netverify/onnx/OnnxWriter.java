package io.netverify.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Serialises an {@link OnnxModelBuilder} description as an ONNX ModelProto. */
public final class OnnxWriter {
    private OnnxWriter() {
    }

    /** The serialised ModelProto of {@code model}. */
    public static byte[] toBytes(OnnxModelBuilder model) {
        return toProto(model).toByteArray();
    }

    /** The ModelProto of {@code model}, with the IR version of the ONNX release that introduced its opset. */
    public static ModelProto toProto(OnnxModelBuilder model) {
        TensorEncoding encoding = model.encoding();
        GraphProto.Builder graph = GraphProto.newBuilder().setName("netverify");
        model.inputs().forEach(p -> graph.addInput(valueInfo(p)));
        model.initializers().forEach((name, value) -> {
            graph.addInitializer(tensor(name, value, encoding));
            if (model.initializersAsInputs()) {
                graph.addInput(valueInfo(new OnnxModelBuilder.Port(name, value.type(), Arrays.stream(value.shape().dims()).asLongStream().toArray())));
            }
        });
        for (Node n : model.nodes()) {
            NodeProto.Builder node = NodeProto.newBuilder().setName(n.name()).setOpType(n.opType())
                .addAllInput(n.inputs()).addAllOutput(n.outputs());
            for (Map.Entry<String, Object> a : n.attributes().asMap().entrySet()) {
                node.addAttribute(attribute(n, a.getKey(), a.getValue(), encoding));
            }
            graph.addNode(node);
        }
        model.outputs().forEach(p -> graph.addOutput(valueInfo(p)));
        return ModelProto.newBuilder()
            .setIrVersion(irVersion(model.opset()))
            .setProducerName("netverify")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(model.opset()))
            .setGraph(graph)
            .build();
    }

    /**
     * A TensorProto holding {@code value} in its element type, which must be FLOAT, DOUBLE or INT64.
     * FLOAT elements are rounded to float32; INT64 elements must be integers.
     */
    public static TensorProto tensor(String name, Tensor value, TensorEncoding encoding) {
        DataType type = value.type();
        double[] data = value.backingArray();
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.onnxCode());
        for (int d : value.shape().dims()) {
            t.addDims(d);
        }
        int width = switch (type) {
            case FLOAT -> Float.BYTES;
            case DOUBLE, INT64 -> Long.BYTES;
            default -> throw new IllegalArgumentException("tensor '" + name + "': cannot store element type " + type
                + " (FLOAT, DOUBLE or INT64)");
        };
        if (encoding == TensorEncoding.RAW_DATA) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(width, data.length)).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : data) {
                switch (type) {
                    case FLOAT -> bytes.putFloat((float) v);
                    case DOUBLE -> bytes.putDouble(v);
                    default -> bytes.putLong(exactLong(name, v));
                }
            }
            t.setRawData(ByteString.copyFrom(bytes.array()));
        } else {
            for (double v : data) {
                switch (type) {
                    case FLOAT -> t.addFloatData((float) v);
                    case DOUBLE -> t.addDoubleData(v);
                    default -> t.addInt64Data(exactLong(name, v));
                }
            }
        }
        return t.build();
    }

    /**
     * Writes {@code bytes} to {@code target} so that readers never see a partial file: a temporary
     * file in the same folder is written, then renamed over the target.
     */
    private static AttributeProto attribute(Node node, String name, Object value, TensorEncoding encoding) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Long || value instanceof Integer) {
            a.setType(AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            a.setType(AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof String s) {
            a.setType(AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        } else if (value instanceof long[] ints) {
            a.setType(AttributeType.INTS);
            for (long v : ints) {
                a.addInts(v);
            }
        } else if (value instanceof double[] floats) {
            a.setType(AttributeType.FLOATS);
            for (double v : floats) {
                a.addFloats((float) v);
            }
        } else if (value instanceof String[] strings) {
            a.setType(AttributeType.STRINGS);
            for (String s : strings) {
                a.addStrings(ByteString.copyFrom(s, StandardCharsets.UTF_8));
            }
        } else if (value instanceof Tensor t) {
            a.setType(AttributeType.TENSOR).setT(tensor("", t, encoding));
        } else {
            String kind = value == null ? "null" : value.getClass().getSimpleName();
            throw new IllegalArgumentException("attribute '" + name + "' of " + node.describe() + ": unsupported value type " + kind);
        }
        return a.build();
    }

    private static ValueInfoProto valueInfo(OnnxModelBuilder.Port port) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : port.dims()) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d == OnnxModelBuilder.BATCH) {
                dim.setDimParam(OnnxModelBuilder.BATCH_PARAM);
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor tensorType = TypeProto.Tensor.newBuilder().setElemType(port.type().onnxCode()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(port.name()).setType(TypeProto.newBuilder().setTensorType(tensorType)).build();
    }

    /** The oldest IR version that the ONNX release introducing {@code opset} wrote. */
    private static long irVersion(long opset) {
        if (opset <= 14) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        return opset <= 20 ? 9 : 10;
    }

    private static long exactLong(String tensor, double v) {
        if (v != Math.rint(v) || v >= 0x1p63 || v < -0x1p63) {
            throw new IllegalArgumentException("tensor '" + tensor + "': INT64 element " + v + " is not an integer");
        }
        return (long) v;
    }
}
