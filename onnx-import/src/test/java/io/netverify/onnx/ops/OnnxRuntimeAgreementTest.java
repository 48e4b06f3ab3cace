package io.netverify.onnx.ops;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import io.netverify.onnx.Attributes;
import io.netverify.onnx.DataType;
import io.netverify.onnx.Shape;
import io.netverify.onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static io.netverify.onnx.ops.OpCases.attrs;
import static io.netverify.onnx.ops.OpCases.ints;
import static io.netverify.onnx.ops.OpCases.run1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cross-checks the operators against onnxruntime (float32) on single-node models: input 0 is the
 * graph input, the other inputs are initializers. Inputs are float32 values so both sides see the
 * same numbers; the tolerance covers float32 accumulation.
 */
class OnnxRuntimeAgreementTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final Random rnd = new Random(11);

    private Tensor randomFloats(int... dims) {
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextGaussian();
        }
        return new Tensor(DataType.FLOAT, Shape.of(dims), d);
    }

    private static Tensor floats(double... v) {
        return new Tensor(DataType.FLOAT, Shape.of(v.length), v);
    }

    /** Runs the op in onnxruntime and in this package and compares shapes and values. */
    private static void agree(String op, int opset, Attributes a, Tensor... inputs) {
        Tensor ours = run1(op, a, inputs);
        float[] theirs;
        long[] theirShape;
        try (OrtSession s = ENV.createSession(model(op, opset, a, inputs).toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(toFloats(inputs[0])), longs(inputs[0].shape()));
             OrtSession.Result r = s.run(Map.of("in0", x))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            theirShape = out.getInfo().getShape();
            FloatBuffer fb = out.getFloatBuffer();
            theirs = new float[fb.remaining()];
            fb.get(theirs);
        } catch (OrtException e) {
            throw new AssertionError(op + " " + a + ": onnxruntime failed: " + e.getMessage(), e);
        }
        String what = op + " " + a;
        assertArrayEquals(theirShape, longs(ours.shape()), what + ": shape");
        for (int i = 0; i < theirs.length; i++) {
            assertEquals(theirs[i], ours.get(i), 2e-5 * (1 + Math.abs(theirs[i])), what + ": element " + i);
        }
    }

    private static ModelProto model(String op, int opset, Attributes a, Tensor[] inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).addOutput("y");
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
            .addInput(valueInfo("in0", inputs[0].shape()))
            .addOutput(ValueInfoProto.newBuilder().setName("y")
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1))));
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                node.addInput("");
                continue;
            }
            node.addInput("in" + i);
            if (i > 0) {
                g.addInitializer(tensor("in" + i, inputs[i]));
            }
        }
        a.asMap().forEach((name, v) -> node.addAttribute(attribute(name, v)));
        g.addNode(node);
        return ModelProto.newBuilder().setIrVersion(8)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).setGraph(g).build();
    }

    private static ValueInfoProto valueInfo(String name, Shape shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : shape.dims()) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
            .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    private static TensorProto tensor(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name);
        for (int d : t.shape().dims()) {
            b.addDims(d);
        }
        if (t.type() == DataType.INT64) {
            b.setDataType(7);
            for (long v : t.toLongs()) {
                b.addInt64Data(v);
            }
        } else {
            b.setDataType(1);
            for (float v : toFloats(t)) {
                b.addFloatData(v);
            }
        }
        return b.build();
    }

    private static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name);
        if (v instanceof Long l) {
            b.setType(AttributeProto.AttributeType.INT).setI(l);
        } else if (v instanceof Double d) {
            b.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
        } else if (v instanceof String s) {
            b.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] l) {
            b.setType(AttributeProto.AttributeType.INTS);
            Arrays.stream(l).forEach(b::addInts);
        } else if (v instanceof double[] d) {
            b.setType(AttributeProto.AttributeType.FLOATS);
            Arrays.stream(d).forEach(x -> b.addFloats((float) x));
        } else {
            throw new IllegalArgumentException("attribute " + name + " of unsupported kind " + v);
        }
        return b.build();
    }

    private static float[] toFloats(Tensor t) {
        float[] f = new float[t.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) t.get(i);
        }
        return f;
    }

    private static long[] longs(Shape s) {
        return Arrays.stream(s.dims()).asLongStream().toArray();
    }

    @Test
    void convolutions() {
        Tensor x = randomFloats(2, 4, 9, 8);
        agree("Conv", 13, attrs("pads", ints(1, 2, 0, 1), "strides", ints(2, 1), "dilations", ints(1, 2)),
            x, randomFloats(6, 4, 3, 3), randomFloats(6));
        agree("Conv", 13, attrs("group", 2, "auto_pad", "SAME_LOWER", "strides", ints(2, 2)), x, randomFloats(4, 2, 2, 3));
        agree("Conv", 13, attrs("group", 4, "pads", ints(1, 1, 1, 1)), x, randomFloats(8, 1, 3, 3), randomFloats(8));
        agree("Conv", 13, attrs("strides", ints(3), "pads", ints(2, 0)), randomFloats(1, 3, 17), randomFloats(5, 3, 4));
        Tensor y = randomFloats(1, 4, 5, 6);
        agree("ConvTranspose", 13, attrs("strides", ints(2, 2), "pads", ints(1, 1, 1, 1)), y, randomFloats(4, 3, 4, 4), randomFloats(3));
        agree("ConvTranspose", 13, attrs("group", 2, "strides", ints(2, 3), "dilations", ints(2, 1), "output_padding", ints(1, 2)),
            y, randomFloats(4, 2, 3, 3));
        agree("ConvTranspose", 13, attrs("strides", ints(2, 2), "output_shape", ints(10, 11)), y, randomFloats(4, 2, 3, 3));
        agree("ConvTranspose", 13, attrs("strides", ints(2, 2), "auto_pad", "SAME_UPPER"), y, randomFloats(4, 2, 3, 2));
        agree("ConvTranspose", 13, attrs("strides", ints(2, 2), "auto_pad", "SAME_LOWER"), y, randomFloats(4, 2, 3, 2));
    }

    @Test
    void pooling() {
        Tensor x = randomFloats(1, 2, 7, 8);
        agree("MaxPool", 12, attrs("kernel_shape", ints(3, 2), "strides", ints(2, 2), "pads", ints(1, 0, 1, 1), "ceil_mode", 1), x);
        agree("MaxPool", 12, attrs("kernel_shape", ints(2, 2), "dilations", ints(2, 3)), x);
        agree("MaxPool", 12, attrs("kernel_shape", ints(3, 3), "strides", ints(2, 2), "auto_pad", "SAME_UPPER"), x);
        agree("AveragePool", 19, attrs("kernel_shape", ints(3, 3), "strides", ints(2, 3), "pads", ints(1, 1, 1, 1),
            "ceil_mode", 1, "count_include_pad", 1), x);
        agree("AveragePool", 19, attrs("kernel_shape", ints(3, 3), "strides", ints(2, 3), "pads", ints(1, 1, 1, 1), "ceil_mode", 1), x);
        agree("AveragePool", 19, attrs("kernel_shape", ints(2, 3), "auto_pad", "SAME_LOWER"), x);
        agree("GlobalAveragePool", 13, attrs(), x);
        agree("GlobalMaxPool", 13, attrs(), x);
        agree("BatchNormalization", 15, attrs("epsilon", 0.01), x, randomFloats(2), randomFloats(2), randomFloats(2),
            floats(0.5, 2));
    }

    @Test
    void resizeModes() {
        Tensor x = randomFloats(1, 2, 4, 5);
        Tensor up = floats(1, 1, 2.5, 1.5);
        Tensor down = floats(1, 1, 0.6, 0.75);
        for (String ct : new String[] {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "half_pixel_symmetric"}) {
            for (String nm : new String[] {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}) {
                Attributes a = attrs("coordinate_transformation_mode", ct, "nearest_mode", nm);
                agree("Resize", 19, a, x, null, up);
                agree("Resize", 19, a, x, null, down);
            }
            agree("Resize", 19, attrs("mode", "linear", "coordinate_transformation_mode", ct), x, null, up);
            agree("Resize", 19, attrs("mode", "linear", "coordinate_transformation_mode", ct), x, null, null, Tensor.ints(1, 2, 3, 7));
            agree("Resize", 19, attrs("mode", "cubic", "coordinate_transformation_mode", ct), x, null, up);
        }
        agree("Resize", 19, attrs("mode", "cubic", "exclude_outside", 1, "cubic_coeff_a", -0.5), x, null, up);
        agree("Resize", 10, attrs(), x, down);
        agree("Resize", 10, attrs("mode", "linear"), x, up);
        agree("Upsample", 9, attrs(), x, floats(1, 1, 2, 3));
        agree("Upsample", 9, attrs("mode", "linear"), x, floats(1, 1, 2, 2));
    }

    @Test
    void structuralOperators() {
        Tensor x = randomFloats(3, 4, 5);
        agree("Transpose", 13, attrs("perm", ints(2, 0, 1)), x);
        agree("Slice", 13, attrs(), x, Tensor.ints(-1, 4), Tensor.ints(-100, 0), Tensor.ints(0, 2), Tensor.ints(-2, -2));
        agree("Gather", 13, attrs("axis", 1), x, new Tensor(DataType.INT64, Shape.of(2, 2), new double[] {3, -4, 0, 1}));
        agree("Pad", 13, attrs("mode", "reflect"), x, Tensor.ints(0, 2, 1, 0, 3, 2));
        agree("Pad", 13, attrs("mode", "edge"), x, Tensor.ints(1, 0, 2, 2, 3, 0));
        agree("Pad", 19, attrs("mode", "wrap"), x, Tensor.ints(0, 2, 1, 0, 3, 2));
        agree("Pad", 13, attrs(), x, Tensor.ints(0, -1, 2, 1, 0, -2), floats(1.5));
        agree("Tile", 13, attrs(), x, Tensor.ints(2, 1, 3));
        agree("Expand", 13, attrs(), randomFloats(3, 1, 5), Tensor.ints(2, 3, 4, 1));
        agree("Reshape", 14, attrs(), x, Tensor.ints(0, -1, 2, 5));
        agree("Flatten", 13, attrs("axis", -1), x);
        agree("Squeeze", 13, attrs(), randomFloats(1, 3, 1), Tensor.ints(0));
        agree("Unsqueeze", 13, attrs(), x, Tensor.ints(-1, 1));
        agree("Concat", 13, attrs("axis", 1), x, randomFloats(3, 2, 5));
    }
}
